//! What every export writes — the columns of the facts and of the documents table — and the
//! writers: text (standard output or a file), XLSX and Parquet.
//!
//! Every file is written to a temporary file beside OUT and renamed over OUT when complete
//! ([`TempOut`]): a failed run, a full disk or any write error leaves OUT absent or untouched.
//! OUT that is not a regular file (a device, a FIFO, `/dev/stdout`) is written into, never
//! replaced.

use anyhow::{anyhow, Result};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

// ---- columns ----------------------------------------------------------------------------

pub use zhibiao_core::columns::{
    doc_values, fact_values, Col, DocRow, Ty, Val, DOC_COLUMNS, FACT_COLUMNS,
};

/// `facts.parquet` → `facts.docs.parquet`; `out` → `out.docs.parquet`.
pub fn docs_parquet_path(out: &Path) -> PathBuf {
    let has_ext = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
    let base = if has_ext {
        out.with_extension("")
    } else {
        out.to_path_buf()
    };
    let mut name = base.file_name().unwrap_or_default().to_os_string();
    name.push(".docs.parquet");
    base.with_file_name(name)
}

// ---- files written atomically -------------------------------------------------------------

/// A temporary file beside OUT, renamed over OUT by [`TempOut::commit`]; deleted when dropped
/// uncommitted.
///
/// OUT that is not a regular file — a device (`/dev/null`), a FIFO, a socket, or standard
/// output named as a path (`/dev/stdout`, `/dev/fd/1`) — is never replaced: the output is
/// gathered in a temporary file of the system's temporary directory and copied into OUT,
/// opened for writing, at the end (nothing is written when the run fails). OUT that is a
/// symbolic link to a regular file keeps its link: the file it points to is replaced.
pub struct TempOut {
    out: PathBuf,
    target: Target,
    temp: tempfile::NamedTempFile,
}

/// Where a [`TempOut`] ends up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Renamed over this regular file (OUT, or the file a link at OUT points to).
    Replace(PathBuf),
    /// Copied into this special file (device, FIFO), opened for writing.
    Special(PathBuf),
    /// Copied to standard output (`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`).
    Stdout,
    /// Copied to standard error (`/dev/stderr`, `/dev/fd/2`, `/proc/self/fd/2`), whatever it
    /// is open on — a log file is appended to, never replaced.
    Stderr,
}

impl Target {
    /// What writing to OUT means.
    pub fn of(out: &Path) -> Target {
        let text = out.to_string_lossy();
        if matches!(
            text.as_ref(),
            "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1"
        ) {
            return Target::Stdout;
        }
        if matches!(
            text.as_ref(),
            "/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2"
        ) {
            return Target::Stderr;
        }
        // Another open descriptor named as a path is written into, even when it is open on a
        // regular file (appended to: it is the caller's file, not ours to replace).
        if text.starts_with("/dev/fd/") || text.starts_with("/proc/self/fd/") {
            return Target::Special(out.to_path_buf());
        }
        match std::fs::metadata(out) {
            Ok(m) if !m.is_file() && !m.is_dir() => Target::Special(out.to_path_buf()),
            Ok(m) if m.is_file() => match std::fs::symlink_metadata(out) {
                Ok(l) if l.file_type().is_symlink() => {
                    Target::Replace(out.canonicalize().unwrap_or_else(|_| out.to_path_buf()))
                }
                _ => Target::Replace(out.to_path_buf()),
            },
            _ => Target::Replace(out.to_path_buf()),
        }
    }

    /// Whether OUT is replaced by a rename (a regular file, or none yet).
    pub fn is_replaced(&self) -> bool {
        matches!(self, Target::Replace(_))
    }
}

impl TempOut {
    pub fn create(out: &Path) -> Result<TempOut> {
        let name = out.display();
        if out.is_dir() {
            anyhow::bail!("{name}: is a directory");
        }
        let target = Target::of(out);
        let mut builder = tempfile::Builder::new();
        builder.prefix(".zhibiao-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // The umask applies, as for any new file (0644 usually), not tempfile's 0600.
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let dir = match &target {
            Target::Replace(file) => dir_of(file).to_path_buf(),
            Target::Special(_) | Target::Stdout | Target::Stderr => std::env::temp_dir(),
        };
        let temp = builder.tempfile_in(&dir).map_err(|e| {
            let cause = match e.kind() {
                io::ErrorKind::NotFound => "no such directory".to_string(),
                io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                _ if e.raw_os_error() == Some(30) => "read-only file system".to_string(),
                _ => e.to_string(),
            };
            anyhow!("{name}: cannot create output: {cause}")
        })?;
        if let Target::Special(path) = &target {
            // Fail now, not after the work, when the device cannot be opened for writing.
            // (Not for a FIFO: opening it waits for a reader.)
            if !is_fifo(path) {
                open_special(path).map_err(|e| anyhow!("{name}: cannot write: {}", cause(&e)))?;
            }
        }
        Ok(TempOut {
            out: out.to_path_buf(),
            target,
            temp,
        })
    }

    /// A second handle on the temporary file, to write through.
    pub fn file(&self) -> Result<File> {
        self.temp
            .as_file()
            .try_clone()
            .map_err(|e| self.write_error(e))
    }

    /// OUT, as named on the command line.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// The directory of the temporary file (for writers that need more temporary files).
    pub fn dir(&self) -> &Path {
        dir_of(self.temp.path())
    }

    /// `OUT: cannot write: CAUSE`.
    pub fn write_error(&self, cause: impl std::fmt::Display) -> anyhow::Error {
        anyhow!("{}: cannot write: {cause}", self.out.display())
    }

    /// Makes the data durable and renames the temporary file over OUT; or, for a special OUT,
    /// copies it into OUT.
    pub fn commit(self) -> Result<()> {
        let out = self.out.clone();
        self.commit_io()
            .map_err(|e| anyhow!("{}: cannot write: {}", out.display(), cause(&e)))
    }

    /// [`TempOut::commit`], its error not naming OUT.
    pub fn commit_io(self) -> io::Result<()> {
        match &self.target {
            Target::Replace(file) => {
                self.temp.as_file().sync_all()?;
                let file = file.clone();
                self.temp.persist(&file).map_err(|e| e.error)?;
                Ok(())
            }
            Target::Special(path) => {
                let mut dest = open_special(path)?;
                self.copy_into(&mut dest)
            }
            Target::Stderr => {
                let stderr = io::stderr();
                let mut dest = stderr.lock();
                self.copy_into(&mut dest)
            }
            Target::Stdout => {
                let stdout = io::stdout();
                let mut dest = stdout.lock();
                match self.copy_into(&mut dest) {
                    // The reader went away (`| head`): as for standard output.
                    Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                    r => r,
                }
            }
        }
    }

    fn copy_into(&self, dest: &mut dyn Write) -> io::Result<()> {
        use std::io::{Seek, SeekFrom};
        let mut src = self.temp.as_file().try_clone()?;
        src.seek(SeekFrom::Start(0))?;
        io::copy(&mut src, dest)?;
        dest.flush()
    }
}

/// Opens a special OUT for writing: a device or FIFO as it is, a regular file behind a
/// descriptor path (`/dev/fd/3` open on a log) for appending.
fn open_special(path: &Path) -> io::Result<std::fs::File> {
    let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    std::fs::OpenOptions::new()
        .write(true)
        .append(regular)
        .open(path)
}

/// An I/O error as a short cause (`permission denied`, `No space left on device (os error 28)`).
fn cause(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(unix)]
fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

#[cfg(not(unix))]
fn is_fifo(_: &Path) -> bool {
    false
}

/// The directory OUT is in (`.` for a bare name).
fn dir_of(out: &Path) -> &Path {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

// ---- text ----------------------------------------------------------------------------------

/// Where a text format goes: standard output, or a temporary file renamed to OUT at the end.
pub enum TextOut {
    Stdout(BufWriter<io::StdoutLock<'static>>),
    File { w: BufWriter<File>, temp: TempOut },
}

impl TextOut {
    pub fn open(output: Option<&Path>) -> Result<TextOut> {
        Ok(match output {
            None => TextOut::Stdout(BufWriter::with_capacity(1 << 16, io::stdout().lock())),
            Some(out) => {
                let temp = TempOut::create(out)?;
                TextOut::File {
                    w: BufWriter::with_capacity(1 << 18, temp.file()?),
                    temp,
                }
            }
        })
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            TextOut::Stdout(w) => w.write_all(bytes),
            TextOut::File { w, .. } => w.write_all(bytes),
        }
    }

    /// The writer, for code that formats straight into it.
    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            TextOut::Stdout(w) => w,
            TextOut::File { w, .. } => w,
        }
    }

    /// The name of the output in messages: OUT, or `stdout`.
    pub fn name(&self) -> String {
        match self {
            TextOut::Stdout(_) => "stdout".into(),
            TextOut::File { temp, .. } => temp.out().display().to_string(),
        }
    }

    /// Flushes; renames the temporary file to OUT when `keep`, else deletes it.
    pub fn finish(self, keep: bool) -> io::Result<()> {
        match self {
            TextOut::Stdout(mut w) => w.flush(),
            TextOut::File { w, temp } => {
                w.into_inner().map_err(|e| e.into_error())?;
                if keep {
                    temp.commit_io()?;
                }
                Ok(())
            }
        }
    }
}

// ---- XLSX ----------------------------------------------------------------------------------

/// Rows of one sheet of an Excel workbook, with the header row the first.
const XLSX_MAX_ROWS: u32 = 1_048_576;
/// Longest string an Excel cell holds.
const XLSX_MAX_CHARS: usize = 32_767;

struct Sheet {
    name: &'static str,
    cols: &'static [Col],
    /// Index of the worksheet being written in the workbook.
    index: usize,
    /// 1 for the first worksheet, 2 for `NAME 2` when the first is full …
    part: u32,
    next_row: u32,
}

/// An Excel workbook written row by row in constant memory (rows go to temporary files beside
/// OUT as they are written); a sheet that fills up (1,048,575 rows) continues in `NAME 2`.
pub struct XlsxOut {
    temp: TempOut,
    wb: rust_xlsxwriter::Workbook,
    sheets: Vec<Sheet>,
    bold: rust_xlsxwriter::Format,
    integer: rust_xlsxwriter::Format,
}

impl XlsxOut {
    /// A workbook at OUT with one sheet per `(name, columns)`.
    pub fn create(out: &Path, sheets: &[(&'static str, &'static [Col])]) -> Result<XlsxOut> {
        let temp = TempOut::create(out)?;
        let mut wb = rust_xlsxwriter::Workbook::new();
        // Compressing the sheets is most of the time spent saving, on one thread: level 3
        // instead of 6 saves a quarter of the run (1,000 reports: 2.9 s instead of 3.8 s)
        // for a file a fifth larger (31 MB instead of 26 MB).
        wb.set_zip_compression_level(3);
        wb.set_tempdir(temp.dir())
            .map_err(|e| anyhow!("{}: cannot create output: {e}", out.display()))?;
        let mut x = XlsxOut {
            temp,
            wb,
            sheets: Vec::new(),
            bold: rust_xlsxwriter::Format::new().set_bold(),
            integer: rust_xlsxwriter::Format::new().set_num_format_index(1), // `0`
        };
        for &(name, cols) in sheets {
            let index = x.add_sheet(name, cols, 1)?;
            x.sheets.push(Sheet {
                name,
                cols,
                index,
                part: 1,
                next_row: 1,
            });
        }
        Ok(x)
    }

    fn add_sheet(&mut self, name: &str, cols: &[Col], part: u32) -> Result<usize> {
        let err = |e: rust_xlsxwriter::XlsxError| self.temp.write_error(e);
        let ws = self.wb.add_worksheet_with_constant_memory().map_err(err)?;
        let title = if part == 1 {
            name.to_string()
        } else {
            format!("{name} {part}")
        };
        ws.set_name(&title).map_err(err)?;
        for (i, c) in cols.iter().enumerate() {
            ws.set_column_width(i as u16, c.width).map_err(err)?;
            ws.write_string_with_format(0, i as u16, c.name, &self.bold)
                .map_err(err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
        Ok(self.wb.worksheets().len() - 1)
    }

    /// Appends one row to sheet `sheet` (the index in the list given to [`XlsxOut::create`]).
    pub fn write_row(&mut self, sheet: usize, values: &[Val]) -> Result<()> {
        let out = self.temp.out().to_path_buf();
        quietly(&out, || self.write_row_inner(sheet, values))
    }

    fn write_row_inner(&mut self, sheet: usize, values: &[Val]) -> Result<()> {
        if self.sheets[sheet].next_row == XLSX_MAX_ROWS {
            self.close_sheet(sheet)?;
            let (name, cols, part) = {
                let s = &self.sheets[sheet];
                (s.name, s.cols, s.part + 1)
            };
            let index = self.add_sheet(name, cols, part)?;
            let s = &mut self.sheets[sheet];
            s.index = index;
            s.part = part;
            s.next_row = 1;
        }
        let (index, row) = (self.sheets[sheet].index, self.sheets[sheet].next_row);
        let ws = self
            .wb
            .worksheet_from_index(index)
            .map_err(|e| self.temp.write_error(e))?;
        for (i, v) in values.iter().enumerate() {
            let c = i as u16;
            let r = match v {
                Val::Null => continue,
                Val::Str(t) => {
                    if t.len() > XLSX_MAX_CHARS && t.chars().count() > XLSX_MAX_CHARS {
                        let cut: String = t.chars().take(XLSX_MAX_CHARS).collect();
                        ws.write_string(row, c, cut)
                    } else {
                        ws.write_string(row, c, t.as_ref())
                    }
                }
                Val::Int(n) => ws.write_number(row, c, *n as f64),
                // Excel shows an integer of 12 digits or more in General format as 3.77341E+11:
                // integral values get the format `0`, the others General (3.3, -0.8).
                Val::Num(x) if x.fract() == 0.0 && x.abs() < 1e15 => {
                    ws.write_number_with_format(row, c, *x, &self.integer)
                }
                Val::Num(x) if x.is_finite() => ws.write_number(row, c, *x),
                Val::Num(x) => ws.write_string(row, c, x.to_string()),
                Val::Bool(b) => ws.write_boolean(row, c, *b),
            };
            r.map_err(|e| anyhow!("{}: cannot write: {e}", self.temp.out().display()))?;
        }
        self.sheets[sheet].next_row += 1;
        Ok(())
    }

    /// Puts the autofilter over the rows written.
    fn close_sheet(&mut self, sheet: usize) -> Result<()> {
        let s = &self.sheets[sheet];
        let (index, last_row, last_col) = (s.index, s.next_row - 1, s.cols.len() as u16 - 1);
        let ws = self
            .wb
            .worksheet_from_index(index)
            .map_err(|e| self.temp.write_error(e))?;
        ws.autofilter(0, 0, last_row, last_col)
            .map_err(|e| anyhow!("{}: cannot write: {e}", self.temp.out().display()))?;
        Ok(())
    }

    /// Writes the workbook; renames it to OUT when `keep`, else deletes it.
    pub fn finish(mut self, keep: bool) -> Result<()> {
        if !keep {
            return Ok(());
        }
        let out = self.temp.out().to_path_buf();
        quietly(&out, || self.save())?;
        self.temp.commit()
    }

    fn save(&mut self) -> Result<()> {
        for i in 0..self.sheets.len() {
            self.close_sheet(i)?;
        }
        let mut w = BufWriter::with_capacity(1 << 18, self.temp.file()?);
        self.wb
            .save_to_writer(&mut w)
            .map_err(|e| self.temp.write_error(e))?;
        w.into_inner()
            .map_err(|e| self.temp.write_error(e.into_error()))?;
        Ok(())
    }
}

thread_local! {
    /// Set while [`quietly`] runs on this thread: its panics are not printed.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic into an error about OUT. rust_xlsxwriter panics when it cannot
/// write a worksheet's temporary file in constant-memory mode (`Couldn't write to xml file`,
/// on a full disk): that is a write error like any other, and the panic is not printed.
fn quietly<T>(out: &Path, f: impl FnOnce() -> Result<T>) -> Result<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.unwrap_or_else(|payload| {
        let text = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        // `Couldn't write to xml file: Os { code: 28, kind: StorageFull, message: "No space
        // left on device" }` → `No space left on device (os error 28)`.
        let cause = match (text.split_once("message: \""), text.split_once("code: ")) {
            (Some((_, m)), Some((_, c))) => {
                let message = m.split('"').next().unwrap_or(m);
                let code = c.split(',').next().unwrap_or(c);
                format!("{message} (os error {code})")
            }
            _ if text.is_empty() => "the XLSX writer failed".to_string(),
            _ => text,
        };
        Err(anyhow!("{}: cannot write: {cause}", out.display()))
    })
}

// ---- Parquet -------------------------------------------------------------------------------

use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Float64Builder, Int32Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

/// Rows gathered before they are handed to the Parquet writer as one batch.
const PARQUET_BATCH: usize = 8192;
/// Rows of one Parquet row group: bounds the memory the writer holds (~20 MB of facts).
const PARQUET_ROW_GROUP: usize = 65_536;

enum Builder {
    Str(StringBuilder),
    I32(Int32Builder),
    I64(Int64Builder),
    F64(Float64Builder),
    Bool(BooleanBuilder),
}

impl Builder {
    fn new(ty: Ty) -> Builder {
        match ty {
            Ty::Str => Builder::Str(StringBuilder::new()),
            Ty::I32 => Builder::I32(Int32Builder::new()),
            Ty::I64 => Builder::I64(Int64Builder::new()),
            Ty::F64 => Builder::F64(Float64Builder::new()),
            Ty::Bool => Builder::Bool(BooleanBuilder::new()),
        }
    }

    fn append(&mut self, v: &Val) {
        match (self, v) {
            (Builder::Str(b), Val::Str(t)) => b.append_value(t),
            (Builder::I32(b), Val::Int(n)) => b.append_value(*n as i32),
            (Builder::I64(b), Val::Int(n)) => b.append_value(*n),
            (Builder::F64(b), Val::Num(x)) => b.append_value(*x),
            (Builder::Bool(b), Val::Bool(x)) => b.append_value(*x),
            (b, _) => b.append_null(),
        }
    }

    fn append_null(&mut self) {
        match self {
            Builder::Str(b) => b.append_null(),
            Builder::I32(b) => b.append_null(),
            Builder::I64(b) => b.append_null(),
            Builder::F64(b) => b.append_null(),
            Builder::Bool(b) => b.append_null(),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Str(b) => ArrayBuilder::finish(b),
            Builder::I32(b) => ArrayBuilder::finish(b),
            Builder::I64(b) => ArrayBuilder::finish(b),
            Builder::F64(b) => ArrayBuilder::finish(b),
            Builder::Bool(b) => ArrayBuilder::finish(b),
        }
    }
}

/// The Arrow schema of `cols`.
pub fn arrow_schema(cols: &[Col]) -> SchemaRef {
    let fields: Vec<Field> = cols
        .iter()
        .map(|c| {
            let ty = match c.ty {
                Ty::Str => DataType::Utf8,
                Ty::I32 => DataType::Int32,
                Ty::I64 => DataType::Int64,
                Ty::F64 => DataType::Float64,
                Ty::Bool => DataType::Boolean,
            };
            Field::new(c.name, ty, c.nullable)
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// A Parquet file of typed columns, written in row groups of at most 65,536 rows (so memory
/// stays bounded), Snappy-compressed.
pub struct ParquetOut {
    temp: TempOut,
    writer: ArrowWriter<File>,
    schema: SchemaRef,
    builders: Vec<Builder>,
    rows: usize,
}

impl ParquetOut {
    pub fn create(out: &Path, cols: &[Col]) -> Result<ParquetOut> {
        let temp = TempOut::create(out)?;
        let schema = arrow_schema(cols);
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(PARQUET_ROW_GROUP))
            .set_created_by(format!("zhibiao {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = ArrowWriter::try_new(temp.file()?, schema.clone(), Some(props))
            .map_err(|e| temp.write_error(parquet_cause(e)))?;
        Ok(ParquetOut {
            temp,
            writer,
            schema,
            builders: cols.iter().map(|c| Builder::new(c.ty)).collect(),
            rows: 0,
        })
    }

    pub fn write_row(&mut self, values: &[Val]) -> Result<()> {
        for (b, v) in self.builders.iter_mut().zip(values) {
            b.append(v);
        }
        self.rows += 1;
        if self.rows >= PARQUET_BATCH {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn flush_batch(&mut self) -> Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let columns: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        self.rows = 0;
        let batch = RecordBatch::try_new(self.schema.clone(), columns)
            .map_err(|e| self.temp.write_error(e))?;
        self.writer
            .write(&batch)
            .map_err(|e| self.temp.write_error(parquet_cause(e)))
    }

    /// Writes the footer; the file is renamed to OUT by [`TempOut::commit`] on the result, so
    /// that two files can be completed before either is renamed.
    pub fn close(mut self) -> Result<TempOut> {
        self.flush_batch()?;
        let file = self
            .writer
            .into_inner()
            .map_err(|e| self.temp.write_error(parquet_cause(e)))?;
        drop(file);
        Ok(self.temp)
    }
}

/// A Parquet error as a cause: an I/O error without the `External: ` the crate puts first.
fn parquet_cause(e: parquet::errors::ParquetError) -> String {
    match e {
        parquet::errors::ParquetError::External(e) => e.to_string(),
        e => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_parquet_names() {
        assert_eq!(
            docs_parquet_path(Path::new("out/facts.parquet")),
            Path::new("out/facts.docs.parquet")
        );
        assert_eq!(
            docs_parquet_path(Path::new("facts.PARQUET")),
            Path::new("facts.docs.parquet")
        );
        assert_eq!(
            docs_parquet_path(Path::new("a/out")),
            Path::new("a/out.docs.parquet")
        );
    }

    #[test]
    fn columns_have_unique_names_and_values_match_them() {
        for cols in [&FACT_COLUMNS[..], &DOC_COLUMNS[..]] {
            let mut names: Vec<&str> = cols.iter().map(|c| c.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), cols.len());
        }
    }
}
