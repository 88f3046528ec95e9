//! Evidence in the database: two `zhibiao serve` processes on one PostgreSQL database, each in
//! a working directory of its own and without `$ZHIBIAO_FILES` (no files directory they
//! share): a file uploaded through one downloads through the other, byte for byte.

use std::path::Path;
use std::process::{Child, Command};
use zhibiao_tracker::store::postgres::PgStore;
use zhibiao_tracker::store::{CommitmentStore, Role};

mod common;

/// `zhibiao serve --db URL` started in `dir`, with no `$ZHIBIAO_FILES`: the process and its
/// address, once it listens.
fn serve_in(url: &str, dir: &Path) -> (Child, String) {
    common::start(
        Command::new(common::BIN)
            .args(["serve", "--db", url, "--addr", "127.0.0.1:0"])
            .current_dir(dir)
            .env_remove("ZHIBIAO_FILES"),
    )
}

/// A multipart/form-data body of text fields and one file, and its content type.
fn multipart(fields: &[(&str, String)], file: (&str, &str, &[u8])) -> (String, Vec<u8>) {
    let boundary = "zhibiao-test-boundary-7f3a";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    let (name, file_name, data) = file;
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[test]
#[cfg_attr(zhibiao_no_pg, ignore = "needs PostgreSQL: set ZHIBIAO_TEST_PG")]
fn evidence_uploaded_through_one_process_downloads_through_another() {
    let (mut pg, schema, url) = common::pg_schema("t_evidence");
    common::import_report(&url);
    let store = PgStore::open(&url).unwrap();
    let token = common::add_user(&store, "admin", Role::Admin);
    let id = common::commitment_ids(&store)[0];
    let version = store.commitment(id).unwrap().version;
    drop(store);

    let (one_dir, two_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (mut one, one_addr) = serve_in(&url, one_dir.path());
    let (mut two, two_addr) = serve_in(&url, two_dir.path());
    let http = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    let data = "第一季度完成情况：\n已完成 3 项，正在推进 2 项。\n".repeat(2000);
    let (content_type, body) = multipart(
        &[
            ("version", version.to_string()),
            ("date", "2023-03-31".into()),
            ("state", "in_progress".into()),
            ("percent", "40".into()),
            ("narrative", "一季度进展".into()),
        ],
        ("evidence", "一季度.txt", data.as_bytes()),
    );
    let r = http
        .post(format!("http://{one_addr}/commitments/{id}/updates"))
        .bearer_auth(&token)
        .header(reqwest::header::CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER, "{:?}", r.text());

    let store = PgStore::open(&url).unwrap();
    let e = store.updates(id).unwrap()[0].evidence.clone().unwrap();
    drop(store);
    let r = http
        .get(format!("http://{two_addr}/evidence/{}", e.id))
        .bearer_auth(&token)
        .send()
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::OK);
    assert_eq!(r.bytes().unwrap(), data.as_bytes(), "the same bytes");

    // Neither process wrote a file: the database holds the evidence.
    for dir in [one_dir.path(), two_dir.path()] {
        assert_eq!(std::fs::read_dir(dir).unwrap().count(), 0, "{dir:?}");
    }
    for server in [&mut one, &mut two] {
        server.kill().unwrap();
        server.wait().unwrap();
    }
    pg.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
        .unwrap();
}
