//! Batches: many reports — files, directories walked recursively, standard input — extracted in
//! parallel with memory bounded however large the corpus, results delivered in input order.
//!
//! The inputs are listed first (paths only, sorted, so the order is deterministic). Then at
//! most `window` files are in flight at a time on a pool of `--jobs` threads; each thread
//! reads, decodes, extracts and renders one report; the calling thread takes the results in
//! input order, prints warnings and hands each result to the sink, and only then lets another
//! file in. No more than `window` documents (and their facts) are ever held, whatever the
//! number of reports, and the output is the same for any number of threads.

use crate::export::DocRow;
use crate::input::Input;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeMap;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::Instant;
use zhibiao_core::Fact;

/// One input of a batch.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path to read (`-` for standard input).
    pub path: PathBuf,
    /// Document id, unique in the batch.
    pub id: String,
    /// Size in bytes when known (for the progress bar).
    pub size: u64,
    /// Why it cannot be read, when that is known already (an unreadable directory).
    pub error: Option<String>,
    /// The argument (its index) whose walk found it; `None` when named on the command line.
    root: Option<usize>,
}

impl Source {
    /// Name in messages: the path, or `stdin`.
    pub fn name(&self) -> String {
        Input::new(&self.path).display()
    }
}

/// Expands the command line into the inputs of a batch, in order:
///
/// - a file (or `-`) is taken as given;
/// - a directory is walked recursively in file-name order, taking regular files and symbolic
///   links to files (a dangling link is taken, to be reported); hidden files and directories
///   (`.name`), other links and special files are skipped; a directory that cannot be read
///   is an input that fails; a directory with no file at all fails (`no files in it`);
/// - files equal to one of `skip` (the outputs) are left out of walked directories.
///
/// Only paths are kept (about 150 bytes a file), not documents.
///
/// The document id of a file named on the command line is its stem (`jiangmen-2023`); that of
/// a file found in a directory is its path below that directory without the extension
/// (`2023/jiangmen`). When several files would get the same id (`a.txt`, `a.html`), each keeps
/// its extension (`a.txt`, `a.html`); an id met again after that gets `#2`, `#3` … and a
/// warning. A file named twice is one document, with one id.
pub fn collect(args: &[PathBuf], skip: &[PathBuf]) -> Vec<Source> {
    let mut sources: Vec<Source> = Vec::new();
    let skip_names: Vec<&std::ffi::OsStr> = skip.iter().filter_map(|p| p.file_name()).collect();
    let skip_real: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    for (root, arg) in args.iter().enumerate() {
        let input = Input::new(arg);
        let meta = if input.is_stdin() {
            None
        } else {
            std::fs::metadata(arg).ok()
        };
        if !meta.as_ref().is_some_and(|m| m.is_dir()) {
            sources.push(Source {
                path: arg.clone(),
                id: input.doc_id(),
                size: meta.map_or(0, |m| m.len()),
                error: None,
                root: None,
            });
            continue;
        }
        let mut found = 0usize;
        let walker = walkdir::WalkDir::new(arg)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().unwrap_or(arg).to_path_buf();
                    let cause = match e.io_error().map(io::Error::kind) {
                        Some(io::ErrorKind::PermissionDenied) => {
                            "cannot read directory: permission denied".to_string()
                        }
                        Some(io::ErrorKind::NotFound) => "vanished while listed".to_string(),
                        _ => format!("cannot read directory: {e}"),
                    };
                    found += 1;
                    sources.push(Source {
                        id: path.display().to_string(),
                        path,
                        size: 0,
                        error: Some(cause),
                        root: None,
                    });
                    continue;
                }
            };
            let ft = entry.file_type();
            let size = if ft.is_file() {
                entry.metadata().map_or(0, |m| m.len())
            } else if ft.is_symlink() {
                match std::fs::metadata(entry.path()) {
                    Ok(m) if m.is_file() => m.len(),
                    Ok(_) => continue, // a link to a directory or a device: not followed
                    Err(_) => 0,       // dangling: taken, so that it is reported
                }
            } else {
                continue; // directories (walked), FIFOs, sockets, devices
            };
            if skip_names.contains(&entry.file_name())
                && entry
                    .path()
                    .canonicalize()
                    .is_ok_and(|p| skip_real.contains(&p))
            {
                continue;
            }
            found += 1;
            let rel = entry.path().strip_prefix(arg).unwrap_or(entry.path());
            sources.push(Source {
                id: id_below(rel, false),
                path: entry.into_path(),
                size,
                error: None,
                root: Some(root),
            });
        }
        if found == 0 {
            sources.push(Source {
                path: arg.clone(),
                id: input.doc_id(),
                size: 0,
                error: Some("no files in this directory (hidden files are skipped)".into()),
                root: None,
            });
        }
    }
    unique_ids(&mut sources, args);
    sources
}

/// Gives every file a distinct id: the extension kept where ids collide, then `#n`. A file
/// named twice is one document and keeps one id. Works on a sorted list of indices, so that
/// it needs 8 bytes a file beyond the sources.
fn unique_ids(sources: &mut [Source], args: &[PathBuf]) {
    let mut order: Vec<usize> = (0..sources.len())
        .filter(|&i| sources[i].error.is_none())
        .collect();
    let by_id = |sources: &[Source], order: &mut Vec<usize>| {
        order.sort_by(|&a, &b| sources[a].id.cmp(&sources[b].id).then(a.cmp(&b)));
    };
    // Groups of indices (in `order`) that share an id.
    fn groups(sources: &[Source], order: &[usize]) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for k in 1..=order.len() {
            if k == order.len() || sources[order[k]].id != sources[order[start]].id {
                if k - start > 1 {
                    out.push(start..k);
                }
                start = k;
            }
        }
        out
    }
    by_id(sources, &mut order);
    let mut changed = false;
    for g in groups(sources, &order) {
        let first = &sources[order[g.start]].path;
        if order[g.clone()].iter().any(|&i| sources[i].path != *first) {
            for &i in &order[g] {
                let src = &mut sources[i];
                src.id = match src.root {
                    Some(r) => id_below(src.path.strip_prefix(&args[r]).unwrap_or(&src.path), true),
                    None => src
                        .path
                        .file_name()
                        .filter(|_| src.path.as_os_str() != "-")
                        .map_or_else(|| src.id.clone(), |n| n.to_string_lossy().into_owned()),
                };
            }
            changed = true;
        }
    }
    if changed {
        by_id(sources, &mut order);
    }
    for g in groups(sources, &order) {
        // In input order: the first path keeps the id, the next ones get #2, #3 …
        let mut paths: Vec<PathBuf> = Vec::new();
        for &i in &order[g] {
            let src = &mut sources[i];
            let k = match paths.iter().position(|p| *p == src.path) {
                Some(k) => k,
                None => {
                    paths.push(src.path.clone());
                    if paths.len() > 1 {
                        crate::report(
                            &src.name(),
                            &format_args!(
                                "warning: document id `{}` is taken by an earlier input: this \
                                 one is `{}#{}`",
                                src.id,
                                src.id,
                                paths.len()
                            ),
                        );
                    }
                    paths.len() - 1
                }
            };
            if k > 0 {
                src.id = format!("{}#{}", src.id, k + 1);
            }
        }
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// `2023/sub/jiangmen.txt` → `2023/sub/jiangmen` (always with `/`), or `2023/sub/jiangmen.txt`
/// with `keep_extension`.
fn id_below(rel: &Path, keep_extension: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(parent) = rel.parent() {
        for c in parent.components() {
            parts.push(c.as_os_str().to_string_lossy().into_owned());
        }
    }
    let stem = (if keep_extension {
        None
    } else {
        rel.file_stem()
    })
    .filter(|s| !s.is_empty())
    .or_else(|| rel.file_name())
    .map(|s| s.to_string_lossy().into_owned())
    .unwrap_or_default();
    parts.push(stem);
    parts.join("/")
}

/// A report read and extracted.
pub struct Done {
    /// Name in messages.
    pub name: String,
    pub doc: DocRow,
    pub facts: Vec<Fact>,
    /// The output of this report, rendered on the worker thread (text formats).
    pub rendered: Vec<u8>,
}

/// What the worker threads render for each report (text formats; empty for the others).
pub type Render = dyn Fn(&Done) -> Vec<u8> + Send + Sync;

enum Outcome {
    Done(Box<Done>),
    Failed { name: String, cause: String },
}

/// Options of a batch run.
pub struct Options {
    /// Worker threads.
    pub jobs: usize,
    /// Show a progress bar on stderr (only if stderr is a terminal).
    pub progress: bool,
    /// The facts written (`extract --kind`, `--indicator`); all when `None`. The documents
    /// table counts every fact found.
    pub keep: Option<Keep>,
    /// Only the facts of the main-targets passage (`extract --main`).
    pub main: bool,
    /// The region and year the user gives every report (`--region`, `--year`).
    pub given: Option<Arc<zhibiao_core::document::Given>>,
    /// A one-line summary of each report on standard error when it is a terminal (and the
    /// progress bar is shown).
    pub summaries: bool,
}

/// Which facts `extract` writes.
pub type Keep = Arc<dyn Fn(&Fact) -> bool + Send + Sync>;

/// How a batch went.
pub struct Summary {
    pub ok: usize,
    pub failed: usize,
    /// The sink's error that stopped the run, if any.
    pub error: Option<anyhow::Error>,
}

/// Runs the batch: every source read, extracted and rendered on `opts.jobs` threads; `sink`
/// called on this thread with each report, in input order. Warnings are printed as each report
/// is delivered; the inputs that failed are printed at the end, one line each (`zhibiao: PATH:
/// cause`). A sink error stops the run (the files in flight are dropped).
pub fn run(
    sources: Vec<Source>,
    opts: &Options,
    render: Arc<Render>,
    mut sink: impl FnMut(&Done) -> anyhow::Result<()>,
) -> Summary {
    let n = sources.len();
    let jobs = opts.jobs.max(1);
    let window = (jobs * 8).max(16);
    let bar = progress_bar(&sources, opts.progress);
    let started = Instant::now();
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("zhibiao-{i}"))
        .build()
    {
        Ok(p) => p,
        Err(e) => {
            return Summary {
                ok: 0,
                failed: 0,
                error: Some(anyhow::anyhow!("cannot start {jobs} threads: {e}")),
            }
        }
    };
    let (tx, rx) = mpsc::channel::<(usize, Outcome)>();
    let mut sizes = Vec::with_capacity(window);
    let mut sources = sources.into_iter();
    let mut submitted = 0usize;
    let mut pending: BTreeMap<usize, Outcome> = BTreeMap::new();
    let mut failures: Vec<(String, String)> = Vec::new();
    let (mut ok, mut facts, mut bytes) = (0usize, 0usize, 0u64);
    let mut error = None;
    let mut delivered = 0usize;
    while delivered < n {
        while submitted < n && submitted - delivered < window {
            let src = sources.next().expect("counted");
            sizes.push((submitted, src.size));
            let tx = tx.clone();
            let render = Arc::clone(&render);
            let keep = opts.keep.clone();
            let main = opts.main;
            let given = opts.given.clone();
            let i = submitted;
            pool.spawn(move || {
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    process(&src, &*render, keep.as_ref(), main, given.as_deref())
                }))
                .unwrap_or_else(|_| Outcome::Failed {
                    name: src.name(),
                    cause: "internal error: the extractor panicked on this file (please report it)"
                        .into(),
                });
                let _ = tx.send((i, outcome));
            });
            submitted += 1;
        }
        let outcome = loop {
            if let Some(o) = pending.remove(&delivered) {
                break o;
            }
            match rx.recv() {
                Ok((i, o)) => {
                    pending.insert(i, o);
                }
                Err(_) => unreachable!("a sender is held by this thread"),
            }
        };
        let size = sizes
            .iter()
            .position(|&(i, _)| i == delivered)
            .map_or(0, |at| sizes.swap_remove(at).1);
        delivered += 1;
        bytes += size;
        match outcome {
            Outcome::Failed { name, cause } => failures.push((name, cause)),
            Outcome::Done(done) => {
                for w in &done.doc.warnings {
                    let line = format!("zhibiao: {}: warning: {w}", done.name);
                    bar.suspend(|| eprintln!("{line}"));
                }
                if opts.summaries && !bar.is_hidden() {
                    let line = format!(
                        "zhibiao: {}",
                        crate::output::summary_line(&done.name, &done.facts)
                    );
                    bar.suspend(|| eprintln!("{line}"));
                }
                if let Err(e) = sink(&done) {
                    error = Some(e);
                    break;
                }
                ok += 1;
                facts += done.facts.len();
            }
        }
        bar.set_position(bytes);
        bar.set_message(format!(
            "{delivered}/{n} files, {facts} facts{}",
            if failures.is_empty() {
                String::new()
            } else {
                format!(", {} failed", failures.len())
            }
        ));
    }
    drop(pool);
    bar.finish_and_clear();
    for (name, cause) in &failures {
        crate::report(name, cause);
    }
    if !bar.is_hidden() {
        eprintln!(
            "zhibiao: {delivered} files, {:.1} MB, {facts} facts, {} failed, in {:.1} s",
            bytes as f64 / 1e6,
            failures.len(),
            started.elapsed().as_secs_f64()
        );
    }
    Summary {
        ok,
        failed: failures.len(),
        error,
    }
}

fn progress_bar(sources: &[Source], wanted: bool) -> ProgressBar {
    if !wanted || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let total: u64 = sources.iter().map(|s| s.size).sum();
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{elapsed_precise} [{wide_bar}] {decimal_bytes}/{decimal_total_bytes} \
         {decimal_bytes_per_sec} ETA {eta} {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(format!("0/{} files", sources.len()));
    bar
}

/// Reads, decodes, extracts and renders one source (on a worker thread).
fn process(
    src: &Source,
    render: &Render,
    keep: Option<&Keep>,
    main: bool,
    given: Option<&zhibiao_core::document::Given>,
) -> Outcome {
    if let Some(cause) = &src.error {
        return Outcome::Failed {
            name: src.name(),
            cause: cause.clone(),
        };
    }
    let input = Input::new(&src.path);
    match crate::load(&input, &src.id) {
        Err(cause) => Outcome::Failed {
            name: src.name(),
            cause,
        },
        Ok(loaded) => {
            let mut x = loaded.extraction;
            if let Some(given) = given {
                let notes = zhibiao_core::document::give(&mut x, given);
                x.warnings.extend(notes);
            }
            let found = x.facts.len();
            if main {
                let tasks = x.tasks();
                x.facts = zhibiao_core::tasks::main_targets(&tasks, std::mem::take(&mut x.facts));
                if x.facts.is_empty() && found > 0 {
                    x.warnings
                        .push("--main: no main-targets passage with facts found".into());
                }
            }
            let path = if input.is_stdin() {
                "-".to_string()
            } else {
                src.path.display().to_string()
            };
            let doc = DocRow::new(x.document, path, loaded.format, found, x.warnings);
            let facts = match keep {
                Some(keep) => x.facts.into_iter().filter(|f| keep(f)).collect(),
                None => x.facts,
            };
            let mut done = Done {
                name: src.name(),
                doc,
                facts,
                rendered: Vec::new(),
            };
            done.rendered = render(&done);
            Outcome::Done(Box::new(done))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_below_a_directory() {
        assert_eq!(id_below(Path::new("a.txt"), false), "a");
        assert_eq!(id_below(Path::new("a.txt"), true), "a.txt");
        assert_eq!(
            id_below(Path::new("2023/sub/jiangmen.txt"), false),
            "2023/sub/jiangmen"
        );
        assert_eq!(id_below(Path::new(".x"), false), ".x");
    }

    #[test]
    fn hidden_names() {
        assert!(is_hidden(std::ffi::OsStr::new(".git")));
        assert!(!is_hidden(std::ffi::OsStr::new("a.txt")));
    }
}
