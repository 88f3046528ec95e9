//! `zhibiao._zhibiao`: the Rust side of the Python package. It reads and extracts reports with
//! the same functions as the `zhibiao` CLI (`zhibiao_input::extract`), and hands tables over as
//! columns typed by the CLI's own column lists (`zhibiao_core::columns`), which the Python side
//! (`pysrc/zhibiao/__init__.py`) turns into pandas DataFrames or Arrow tables.
//!
//! Every entry point releases the GIL while Rust works, and no input ends the interpreter:
//! reading errors become `zhibiao.ReportError`, and a panic of the extractor (a bug) becomes one
//! too.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use zhibiao_core::columns::{self, Col, DocRow, Ty, Val};
use zhibiao_core::document::{give, Given};
use zhibiao_core::{Extraction, Fact};
use zhibiao_input::Format;

// ---- facts -----------------------------------------------------------------------------------

/// One quantified outcome or target of a report, with the quote that proves it.
#[pyclass(module = "zhibiao", name = "Fact", frozen, eq)]
#[derive(Clone, PartialEq)]
struct PyFact {
    f: Fact,
}

#[pymethods]
impl PyFact {
    #[getter]
    fn doc(&self) -> &str {
        &self.f.doc
    }
    #[getter]
    fn quote(&self) -> &str {
        &self.f.quote
    }
    #[getter]
    fn kind(&self) -> &'static str {
        self.f.kind.name()
    }
    #[getter]
    fn period(&self) -> i32 {
        self.f.period
    }
    #[getter]
    fn since(&self) -> Option<i32> {
        self.f.since
    }
    #[getter]
    fn average(&self) -> bool {
        self.f.average
    }
    #[getter]
    fn subject(&self) -> &str {
        &self.f.subject
    }
    #[getter]
    fn measure(&self) -> &'static str {
        self.f.measure.name()
    }
    #[getter]
    fn value(&self) -> f64 {
        self.f.value
    }
    #[getter]
    fn upper(&self) -> Option<f64> {
        self.f.upper
    }
    #[getter]
    fn unit(&self) -> &str {
        &self.f.unit
    }
    #[getter]
    fn bound(&self) -> &'static str {
        self.f.bound.name()
    }
    #[getter]
    fn stretch(&self) -> bool {
        self.f.stretch
    }
    #[getter]
    fn scope(&self) -> Option<&str> {
        self.f.scope.as_deref()
    }
    #[getter]
    fn line_start(&self) -> usize {
        self.f.line_start
    }
    #[getter]
    fn line_end(&self) -> usize {
        self.f.line_end
    }
    #[getter]
    fn offset(&self) -> usize {
        self.f.offset
    }
    #[getter]
    fn section(&self) -> Option<&str> {
        Some(&*self.f.section).filter(|s| !s.is_empty())
    }
    #[getter]
    fn indicator(&self) -> Option<&str> {
        self.f.indicator.as_deref()
    }
    #[getter]
    fn region(&self) -> Option<&str> {
        self.f.region.as_deref()
    }

    /// The fact as `zhibiao extract -f jsonl` writes it, as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = serde_json::to_value(&self.f).map_err(|e| PyValueError::new_err(e.to_string()))?;
        json_to_py(py, &v)
    }

    /// The JSON line of `zhibiao extract -f jsonl` (without the line break).
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.f).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    fn __repr__(&self) -> String {
        let upper = self
            .f
            .upper
            .map(|u| format!(", upper={u:?}"))
            .unwrap_or_default();
        format!(
            "Fact(kind={:?}, period={}, subject={:?}, measure={:?}, value={:?}{upper}, unit={:?}, bound={:?}, quote={:?})",
            self.kind(),
            self.f.period,
            self.f.subject,
            self.measure(),
            self.f.value,
            self.f.unit,
            self.bound(),
            self.f.quote
        )
    }

    /// Pickling (multiprocessing): rebuilt from its JSON line.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let module = py.import("zhibiao._zhibiao")?;
        let rebuild = module.getattr("_fact_from_json")?;
        let args = PyTuple::new(py, [self.to_json()?])?;
        PyTuple::new(py, [rebuild.into_any(), args.into_any()])
    }
}

/// A fact from its JSON line (for pickling).
#[pyfunction]
fn _fact_from_json(json: &str) -> PyResult<PyFact> {
    serde_json::from_str(json)
        .map(|f| PyFact { f })
        .map_err(|e| PyValueError::new_err(format!("not a fact: {e}")))
}

fn json_to_py<'py>(py: Python<'py>, v: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) if !n.is_f64() => i.into_pyobject(py)?.into_any(),
            (_, Some(x)) => x.into_pyobject(py)?.into_any(),
            _ => n.to_string().into_pyobject(py)?.into_any(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any(),
        Value::Array(a) => {
            let list = PyList::empty(py);
            for x in a {
                list.append(json_to_py(py, x)?)?;
            }
            list.into_any()
        }
        Value::Object(o) => {
            let dict = PyDict::new(py);
            for (k, x) in o {
                dict.set_item(k, json_to_py(py, x)?)?;
            }
            dict.into_any()
        }
    })
}

// ---- reports ---------------------------------------------------------------------------------

/// A report read and extracted (internal: the Python functions take its facts, document row,
/// text).
#[pyclass(module = "zhibiao._zhibiao", name = "Report", frozen)]
struct Report {
    /// The path as given (`-` for bytes or text given directly).
    path: String,
    loaded: zhibiao_input::Loaded,
    doc: DocRow,
}

#[pymethods]
impl Report {
    /// The facts, in report order.
    fn facts(&self) -> Vec<PyFact> {
        self.loaded
            .extraction
            .facts
            .iter()
            .map(|f| PyFact { f: f.clone() })
            .collect()
    }

    /// The document's row of the documents table, as a dict.
    fn document<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v =
            serde_json::to_value(&self.doc).map_err(|e| PyValueError::new_err(e.to_string()))?;
        json_to_py(py, &v)
    }

    /// The extractor's warnings (no year found, no facts found …).
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.doc.warnings.clone()
    }

    #[getter]
    fn path(&self) -> &str {
        &self.path
    }

    /// The text the facts were read from (one paragraph a line for HTML, DOCX and PDF).
    #[getter]
    fn text(&self) -> &str {
        &self.loaded.text
    }
}

/// What to read: a file, or bytes / text given directly.
enum Source {
    Path(String),
    Bytes(Vec<u8>),
    Text(String),
}

/// The document id of a file: its stem (`tests/data/jiangmen-2023.txt` → `jiangmen-2023`), as
/// the CLI names a file given on its command line.
fn doc_id_of(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| path.to_string())
}

fn parse_format(format: Option<&str>) -> PyResult<Option<Format>> {
    Ok(match format {
        None => None,
        Some("text" | "txt") => Some(Format::Text),
        Some("html") => Some(Format::Html),
        Some("docx") => Some(Format::Docx),
        Some("pdf") => Some(Format::Pdf),
        Some(other) => {
            return Err(PyValueError::new_err(format!(
            "format={other:?}: expected None (detect by content), 'text', 'html', 'docx' or 'pdf'"
        )))
        }
    })
}

/// Reads and extracts one source (no GIL needed). `Err((path, cause))`.
fn load(
    source: Source,
    doc: Option<&str>,
    format: Option<Format>,
) -> Result<Report, (String, String)> {
    let (path, bytes) = match source {
        Source::Path(p) => match zhibiao_input::read_file(Path::new(&p)) {
            Ok(b) => (p, b),
            Err(e) => return Err((p, e.to_string())),
        },
        Source::Bytes(b) => ("-".to_string(), b),
        Source::Text(t) => ("-".to_string(), t.into_bytes()),
    };
    let id = match doc {
        Some(d) => d.to_string(),
        None if path == "-" => "report".to_string(),
        None => doc_id_of(&path),
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        zhibiao_input::extract(&bytes, &path, &id, format)
    }));
    match result {
        Ok(Ok(loaded)) => {
            let x = &loaded.extraction;
            let doc = DocRow::new(
                x.document.clone(),
                path.clone(),
                loaded.format.name(),
                x.facts.len(),
                x.warnings.clone(),
            );
            Ok(Report { path, loaded, doc })
        }
        Ok(Err(e)) => Err((path, e.to_string())),
        Err(_) => Err((
            path,
            "internal error: the extractor panicked on this report (please report it)".into(),
        )),
    }
}

/// `zhibiao.ReportError(path, cause)`, the exception class of `zhibiao/_errors.py`.
fn report_error(py: Python<'_>, path: Option<&str>, cause: &str) -> PyErr {
    let made = py
        .import("zhibiao._errors")
        .and_then(|m| m.getattr("ReportError"))
        .and_then(|cls| cls.call1((path, cause)));
    match made {
        Ok(e) => PyErr::from_value(e),
        Err(e) => e,
    }
}

/// Reads one report: `kind` is `path`, `bytes` or `text`.
#[pyfunction]
#[pyo3(signature = (kind, payload, doc=None, format=None))]
fn _load(
    py: Python<'_>,
    kind: &str,
    payload: &Bound<'_, PyAny>,
    doc: Option<String>,
    format: Option<&str>,
) -> PyResult<Report> {
    let format = parse_format(format)?;
    let source = match kind {
        "path" => Source::Path(payload.extract()?),
        "bytes" => Source::Bytes(payload.extract::<&[u8]>()?.to_vec()),
        "text" => Source::Text(payload.extract()?),
        other => return Err(PyTypeError::new_err(format!("unknown source kind {other}"))),
    };
    let is_path = matches!(source, Source::Path(_));
    py.detach(|| load(source, doc.as_deref(), format))
        .map_err(|(path, cause)| report_error(py, is_path.then_some(path.as_str()), &cause))
}

/// Reads many files on `jobs` threads, the GIL released: a `Report` or a `(path, cause)` tuple
/// for each, in input order.
#[pyfunction]
#[pyo3(signature = (paths, jobs=None, format=None))]
fn _load_many<'py>(
    py: Python<'py>,
    paths: Vec<String>,
    jobs: Option<usize>,
    format: Option<&str>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let format = parse_format(format)?;
    let jobs = match jobs {
        Some(0) => return Err(PyValueError::new_err("jobs must be at least 1")),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let results: Vec<Result<Report, (String, String)>> = py
        .detach(|| {
            use rayon::prelude::*;
            let run = || {
                paths
                    .into_par_iter()
                    .map(|p| load(Source::Path(p), None, format))
                    .collect()
            };
            match rayon::ThreadPoolBuilder::new()
                .num_threads(jobs)
                .thread_name(|i| format!("zhibiao-{i}"))
                .build()
            {
                Ok(pool) => Ok(pool.install(run)),
                Err(e) => Err(format!("cannot start {jobs} threads: {e}")),
            }
        })
        .map_err(pyo3::exceptions::PyRuntimeError::new_err)?;
    results
        .into_iter()
        .map(|r| match r {
            Ok(report) => Ok(Bound::new(py, report)?.into_any()),
            Err((path, cause)) => Ok((path, cause).into_pyobject(py)?.into_any()),
        })
        .collect()
}

// ---- tables ----------------------------------------------------------------------------------

/// A table as the Python side builds frames from it: the schema (name, type, nullable) and one
/// list per column.
fn table<'py, 'a>(
    py: Python<'py>,
    cols: &[Col],
    rows: impl Iterator<Item = Vec<Val<'a>>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let mut data: Vec<Vec<Bound<'py, PyAny>>> = cols.iter().map(|_| Vec::new()).collect();
    for row in rows {
        for (column, v) in data.iter_mut().zip(row) {
            column.push(match v {
                Val::Null => py.None().into_bound(py),
                Val::Str(s) => s.as_ref().into_pyobject(py)?.into_any(),
                Val::Int(i) => i.into_pyobject(py)?.into_any(),
                Val::Num(x) => x.into_pyobject(py)?.into_any(),
                Val::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
            });
        }
    }
    let schema = PyList::empty(py);
    for c in cols {
        let ty = match c.ty {
            Ty::Str => "str",
            Ty::I32 => "i32",
            Ty::I64 => "i64",
            Ty::F64 => "f64",
            Ty::Bool => "bool",
        };
        schema.append((c.name, ty, c.nullable))?;
    }
    let columns = PyList::empty(py);
    for column in data {
        columns.append(PyList::new(py, column)?)?;
    }
    PyTuple::new(py, [schema.into_any(), columns.into_any()])
}

/// The facts table of these reports: the CLI's Parquet facts columns.
#[pyfunction]
fn _facts_table<'py>(
    py: Python<'py>,
    reports: Vec<PyRef<'py, Report>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let rows = reports.iter().flat_map(|r| {
        r.loaded
            .extraction
            .facts
            .iter()
            .map(|f| columns::fact_values(f, &r.doc).to_vec())
    });
    table(py, &columns::FACT_COLUMNS, rows)
}

/// The documents table of these reports: the CLI's `.docs.parquet` columns.
#[pyfunction]
fn _documents_table<'py>(
    py: Python<'py>,
    reports: Vec<PyRef<'py, Report>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let rows = reports.iter().map(|r| columns::doc_values(&r.doc).to_vec());
    table(py, &columns::DOC_COLUMNS, rows)
}

/// A year's targets against the outcomes the next report states: `(schema, columns, notes)`.
#[pyfunction]
#[pyo3(signature = (earlier, later, region=None, year=None, about_points=0.5, about_share=0.05))]
fn _compare_table<'py>(
    py: Python<'py>,
    earlier: PyRef<'py, Report>,
    later: PyRef<'py, Report>,
    region: Option<String>,
    year: Option<i32>,
    about_points: f64,
    about_share: f64,
) -> PyResult<Bound<'py, PyTuple>> {
    let registry = zhibiao_core::Registry::builtin();
    let mut e: Extraction = earlier.loaded.extraction.clone();
    let mut l: Extraction = later.loaded.extraction.clone();
    let mut notes = Vec::new();
    for (x, year) in [(&mut e, year), (&mut l, year.map(|y| y + 1))] {
        let given = Given {
            region: region.clone(),
            year,
        };
        notes.extend(give(x, &given));
    }
    let opts = zhibiao_core::compare::Options {
        about_points,
        about_share,
    };
    let cmp = py
        .detach(|| zhibiao_core::compare::compare(&e, &l, registry, opts))
        .map_err(|err| PyValueError::new_err(err.to_string()))?;
    notes.extend(cmp.notes.iter().cloned());
    let rows = cmp
        .rows
        .iter()
        .map(|r| columns::compare_values(r, registry).to_vec());
    let t = table(py, &columns::COMPARE_COLUMNS, rows)?;
    PyTuple::new(
        py,
        [
            t.get_item(0)?,
            t.get_item(1)?,
            notes.into_pyobject(py)?.into_any(),
        ],
    )
}

/// Region × year × indicator × measure over these reports: `(schema, columns, notes)`.
#[pyfunction]
#[pyo3(signature = (reports, region=None))]
fn _panel_table<'py>(
    py: Python<'py>,
    reports: Vec<PyRef<'py, Report>>,
    region: Option<String>,
) -> PyResult<Bound<'py, PyTuple>> {
    let registry = zhibiao_core::Registry::builtin();
    let mut notes = Vec::new();
    let mut xs = Vec::with_capacity(reports.len());
    for r in &reports {
        let mut x = r.loaded.extraction.clone();
        let given = Given {
            region: region.clone().filter(|_| x.document.region.is_none()),
            year: None,
        };
        notes.extend(give(&mut x, &given));
        xs.push(x);
    }
    let (rows, more) = py.detach(|| {
        zhibiao_core::panel::panel(&xs, registry, zhibiao_core::compare::Options::default())
    });
    notes.extend(more);
    let t = table(
        py,
        &columns::PANEL_COLUMNS,
        rows.iter()
            .map(|r| columns::panel_values(r, registry).to_vec()),
    )?;
    PyTuple::new(
        py,
        [
            t.get_item(0)?,
            t.get_item(1)?,
            notes.into_pyobject(py)?.into_any(),
        ],
    )
}

/// The plan of a report divided into tasks: the CLI's `tasks -f csv` columns.
#[pyfunction]
fn _tasks_table<'py>(py: Python<'py>, report: PyRef<'py, Report>) -> PyResult<Bound<'py, PyTuple>> {
    let x = &report.loaded.extraction;
    let tasks = py.detach(|| x.tasks());
    table(
        py,
        &columns::TASK_COLUMNS,
        tasks.iter().map(|t| columns::task_values(t).to_vec()),
    )
}

/// The built-in indicator registry, as `zhibiao indicators -f jsonl` lists it.
#[pyfunction]
fn _indicators<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for i in zhibiao_core::Registry::builtin().indicators() {
        let v = serde_json::to_value(i).map_err(|e| PyValueError::new_err(e.to_string()))?;
        list.append(json_to_py(py, &v)?)?;
    }
    Ok(list)
}

#[pymodule]
fn _zhibiao(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyFact>()?;
    m.add_class::<Report>()?;
    m.add_function(wrap_pyfunction!(_fact_from_json, m)?)?;
    m.add_function(wrap_pyfunction!(_load, m)?)?;
    m.add_function(wrap_pyfunction!(_load_many, m)?)?;
    m.add_function(wrap_pyfunction!(_facts_table, m)?)?;
    m.add_function(wrap_pyfunction!(_documents_table, m)?)?;
    m.add_function(wrap_pyfunction!(_compare_table, m)?)?;
    m.add_function(wrap_pyfunction!(_panel_table, m)?)?;
    m.add_function(wrap_pyfunction!(_tasks_table, m)?)?;
    m.add_function(wrap_pyfunction!(_indicators, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
