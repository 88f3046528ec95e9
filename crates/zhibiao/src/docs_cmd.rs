//! `zhibiao docs PATH... [-f table|jsonl|csv|xlsx|parquet] [-o OUT]`: the documents table, one
//! row per report (id, path, format, title, region, level, year, date, speaker, encoding,
//! characters, lines, facts, warnings).

use crate::batch::{self, Done, Render};
use crate::export::{self, DocRow, ParquetOut, TextOut, XlsxOut, DOC_COLUMNS};
use crate::extract_cmd::{
    end_text, exit_code, no_render, refuse_overwriting_an_input, usage_error, BatchArgs,
};
use crate::output::{self, Format};
use anyhow::Result;
use std::process::ExitCode;
use std::sync::Arc;

pub fn run(args: BatchArgs) -> Result<ExitCode> {
    let format = match args.format("docs") {
        Ok(f) => f,
        Err(message) => return Ok(usage_error(&message)),
    };
    let outputs: Vec<_> = args.output.iter().cloned().collect();
    refuse_overwriting_an_input(&outputs, &args.paths)?;
    let sources = batch::collect(&args.paths, &outputs);
    let opts = args.options();
    let out = args.output.as_deref();
    match format {
        Format::Jsonl | Format::Csv => {
            let mut text = TextOut::open(out)?;
            let name = text.name();
            if format == Format::Csv {
                if let Err(e) = text.write_all(&output::csv_header(&DOC_COLUMNS, args.bom)) {
                    let summary = batch::Summary {
                        ok: 0,
                        failed: 0,
                        error: Some(e.into()),
                    };
                    return end_text(text, summary, &name);
                }
            }
            let render: Arc<Render> = Arc::new(move |d: &Done| output::render_doc(format, &d.doc));
            let summary = batch::run(sources, &opts, render, |d| {
                text.write_all(&d.rendered).map_err(anyhow::Error::from)
            });
            end_text(text, summary, &name)
        }
        Format::Table => {
            // A table is aligned over all its rows: they are gathered first (a few hundred
            // bytes a report, without their facts).
            let mut rows: Vec<DocRow> = Vec::new();
            let summary = batch::run(sources, &opts, no_render(), |d| {
                rows.push(d.doc.clone());
                Ok(())
            });
            let mut text = TextOut::open(out)?;
            let name = text.name();
            if !rows.is_empty() {
                let mut buf = Vec::new();
                output::write_docs_table(&mut buf, &rows)?;
                if let Err(e) = text.write_all(&buf) {
                    let summary = batch::Summary {
                        error: Some(e.into()),
                        ..summary
                    };
                    return end_text(text, summary, &name);
                }
            }
            end_text(text, summary, &name)
        }
        Format::Xlsx => {
            let out = out.expect("checked by format()");
            let mut x = XlsxOut::create(out, &[("documents", &DOC_COLUMNS)])?;
            let summary = batch::run(sources, &opts, no_render(), |d| {
                x.write_row(0, &export::doc_values(&d.doc))
            });
            let keep = summary.error.is_none() && summary.ok > 0;
            let code = exit_code(&summary)?;
            x.finish(keep)?;
            Ok(code)
        }
        Format::Parquet => {
            let out = out.expect("checked by format()");
            let mut docs = ParquetOut::create(out, &DOC_COLUMNS)?;
            let summary = batch::run(sources, &opts, no_render(), |d| {
                docs.write_row(&export::doc_values(&d.doc))
            });
            let keep = summary.error.is_none() && summary.ok > 0;
            let code = exit_code(&summary)?;
            if keep {
                docs.close()?.commit()?;
            }
            Ok(code)
        }
    }
}
