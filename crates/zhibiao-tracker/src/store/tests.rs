//! The storage test suite, run on every backend: each case is a function of a [`Harness`], and
//! [`on_every_backend!`] makes two tests of it, `store::tests::sqlite::NAME` and
//! `store::tests::pg::NAME`.
//!
//! SQLite runs always. PostgreSQL runs when `ZHIBIAO_TEST_PG` holds a URL (for example the one
//! `scripts/pg-start.sh` prints); each test then works in a schema of its own (`t_<random>`,
//! dropped after), so tests run in parallel on one database. Without the variable when the
//! tests are built, the PostgreSQL tests are marked ignored (`needs PostgreSQL: set
//! ZHIBIAO_TEST_PG`, build.rs), unless `ZHIBIAO_REQUIRE_PG=1`, which makes them run and fail
//! instead (for CI).

use std::sync::Arc;

use crate::domain::{Rating, State};
use crate::service::import::{import_bytes, ImportError};
use crate::store::postgres::PgStore;
use crate::store::sqlite::SqliteStore;
use crate::store::*;

const JIANGMEN: &[u8] = include_bytes!("../../../../tests/data/jiangmen-2023.txt");
const HAILAR_2015: &[u8] = include_bytes!("../../../../tests/data/hailar-2015.txt");
const HAILAR_2016: &[u8] = include_bytes!("../../../../tests/data/hailar-2016.txt");
/// The Hailar reports with only their headers changed: 呼伦贝尔市海拉尔区 one year, 海拉尔区 the next.
const HAILAR_2015_PARENTS: &[u8] =
    include_bytes!("../../../../tests/data/headers/hailar-2015-parents.txt");
const HAILAR_2016_SHORT: &[u8] =
    include_bytes!("../../../../tests/data/headers/hailar-2016-short.txt");

type Opener = Arc<dyn Fn() -> Arc<dyn Store> + Send + Sync>;
type Exec = Box<dyn Fn(&str) -> std::result::Result<(), String>>;

/// A fresh, empty store of one backend, and what the tests need besides its traits.
pub(crate) struct Harness {
    pub store: Arc<dyn Store>,
    /// Opens another store on the same database, as a second process would.
    open_again: Opener,
    /// Runs SQL on a connection of its own, past the store.
    exec: Exec,
    /// Removes the database when the test ends (declared last: dropped after the store).
    _cleanup: Box<dyn std::any::Any>,
}

impl Harness {
    fn open_again(&self) -> Arc<dyn Store> {
        (self.open_again)()
    }
}

fn sqlite() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let store = Arc::new(SqliteStore::open(&path).unwrap());
    let again = path.clone();
    Harness {
        store,
        open_again: Arc::new(move || Arc::new(SqliteStore::open(&again).unwrap())),
        exec: Box::new(move |sql| {
            let c = rusqlite::Connection::open(&path).map_err(|e| e.to_string())?;
            c.execute_batch(sql).map_err(|e| e.to_string())
        }),
        _cleanup: Box::new(dir),
    }
}

/// The test database's URL. Tests that call it are built ignored when `ZHIBIAO_TEST_PG` is
/// unset (build.rs: cfg `zhibiao_no_pg`); run anyway (`--include-ignored`, or built with
/// `ZHIBIAO_REQUIRE_PG=1`) without it, they fail.
pub(crate) fn pg_url() -> String {
    match std::env::var("ZHIBIAO_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => url.trim().to_string(),
        _ => panic!(
            "needs PostgreSQL: ZHIBIAO_TEST_PG is not set (scripts/pg-start.sh starts a server \
             and prints its URL)"
        ),
    }
}

/// A schema of its own on the test database, dropped with it.
pub(crate) struct PgSchema {
    pub config: ::postgres::Config,
    pub url: String,
    pub name: String,
}

impl PgSchema {
    pub(crate) fn create(url: &str) -> PgSchema {
        let base: ::postgres::Config = url
            .parse()
            .expect("ZHIBIAO_TEST_PG is not a PostgreSQL URL");
        let name = format!("t_{}", crate::util::random_hex(8));
        let mut admin = base
            .connect(::postgres::NoTls)
            .unwrap_or_else(|e| panic!("ZHIBIAO_TEST_PG: cannot connect: {e}"));
        admin
            .batch_execute(&format!("CREATE SCHEMA {name}"))
            .unwrap();
        let mut config = base;
        config.options(&format!("-csearch_path={name}"));
        // The test's own connections can be told apart from those of other tests.
        config.application_name(&name);
        let sep = if url.contains('?') { '&' } else { '?' };
        let url = format!("{url}{sep}options=-csearch_path%3D{name}");
        PgSchema { config, url, name }
    }

    pub(crate) fn exec(&self, sql: &str) -> std::result::Result<(), String> {
        let mut c = self
            .config
            .connect(::postgres::NoTls)
            .map_err(|e| e.to_string())?;
        c.batch_execute(sql).map_err(|e| match e.as_db_error() {
            Some(db) => db.message().to_string(),
            None => e.to_string(),
        })
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        // Opened here, not taken from a store: a test may have closed every one.
        if let Ok(mut c) = self.config.connect(::postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA {} CASCADE", self.name));
        }
    }
}

fn pg() -> Harness {
    let schema = PgSchema::create(&pg_url());
    let store = Arc::new(PgStore::open_config(schema.config.clone()).unwrap());
    let config = schema.config.clone();
    let schema = Arc::new(schema);
    let for_exec = schema.clone();
    Harness {
        store,
        open_again: Arc::new(move || Arc::new(PgStore::open_config(config.clone()).unwrap())),
        exec: Box::new(move |sql| for_exec.exec(sql)),
        _cleanup: Box::new(schema),
    }
}

/// For each case, a test on SQLite and one on PostgreSQL.
macro_rules! on_every_backend {
    ($($case:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $case() {
                    super::$case(&super::sqlite());
                }
            )+
        }
        mod pg {
            $(
                #[test]
                #[cfg_attr(zhibiao_no_pg, ignore = "needs PostgreSQL: set ZHIBIAO_TEST_PG")]
                fn $case() {
                    super::$case(&super::pg());
                }
            )+
        }
    };
}

on_every_backend!(
    import_stores_commitments_once,
    non_reports_are_refused_and_nothing_is_stored,
    edits_check_the_version_and_are_audited,
    updates_move_progress_and_keep_a_timeline,
    merge_and_split,
    tasks_split_at_a_sentence_and_keep_their_numbers,
    many_tasks_are_assigned_at_once,
    numbers_are_set_only_where_missing,
    the_next_years_report_suggests_ratings,
    a_region_named_with_its_parents_is_the_same_region,
    departments_with_users_cannot_be_deleted,
    sessions_expire,
    users_tokens_and_edits,
    filters_and_search,
    lists_sort_text_by_bytes,
    the_generation_changes_with_every_write,
    concurrent_writers_keep_the_chain,
    works_from_spawn_blocking_inside_tokio,
    reports_are_published_and_withdrawn,
    login_attempts_are_counted_across_processes,
    evidence_is_kept_in_the_database,
    the_office_workflow_is_stored_and_audited,
    the_audit_log_is_filtered,
    the_update_history_is_by_commitment_then_date,
    outlines_are_stored_at_import_and_filled_in,
);

/// A report keeps the outline the core made at import, so that its pages lay nothing out; one
/// stored without (imported before migration 0007) gets it from `backfill_outlines`, once, with
/// no audit entry (derived data).
fn outlines_are_stored_at_import_and_filled_in(h: &Harness) {
    use zhibiao_core::outline::Outline;
    let s = &*h.store;
    let r = import_bytes(s, &admin(), JIANGMEN, "jiangmen-2023.txt").unwrap();
    let report = s.report(r.id).unwrap();
    let want = Outline::of(&zhibiao_core::layout::layout(&report.text));
    assert!(want.paragraphs.len() > 10);
    assert_eq!(report.outline, want);
    assert!(s.reports_without_outline().unwrap().is_empty());
    // As a report imported before outlines were stored.
    s.set_outline(r.id, &Outline::default()).unwrap();
    assert_eq!(s.reports_without_outline().unwrap(), vec![r.id]);
    assert!(s.report(r.id).unwrap().outline.paragraphs.is_empty());
    let audit = s.audit_count().unwrap();
    assert_eq!(crate::service::import::backfill_outlines(s).unwrap(), 1);
    assert_eq!(s.report(r.id).unwrap().outline, want);
    assert_eq!(crate::service::import::backfill_outlines(s).unwrap(), 0);
    assert_eq!(s.audit_count().unwrap(), audit);
    assert_eq!(s.verify_audit().unwrap(), None);
}

/// The audit log's filters: by person, department (its users, itself, its tasks), action and
/// time, alone and together, counted and paged alike.
fn the_audit_log_is_filtered(h: &Harness) {
    let s = &*h.store;
    let d = s.create_department(&admin(), "市教育局").unwrap();
    let other = s.create_department(&admin(), "市财政局").unwrap();
    let uid = s
        .create_user(
            &admin(),
            &NewUser {
                name: "张三".into(),
                password_hash: "h".into(),
                role: Role::Editor,
                department_id: Some(d),
            },
        )
        .unwrap();
    let zhang = Actor {
        user_id: Some(uid),
        name: "张三".into(),
        via: None,
    };
    import_bytes(s, &admin(), JIANGMEN, "jiangmen-2023.txt").unwrap();
    let list = s.commitments(&Filter::default()).unwrap();
    let (led, co, none) = (&list[0], &list[1], &list[2]);
    let edit = |c: &Commitment, lead: Option<i64>, co: Vec<i64>| CommitmentEdit {
        title: c.title.clone(),
        section: c.section.clone(),
        lead_department_id: lead,
        co_department_ids: co,
        deadline: c.deadline.clone(),
        priority: c.priority,
        state: c.state,
        start_date: None,
        state_override: false,
    };
    s.edit_commitment(&admin(), led.id, led.version, &edit(led, Some(d), vec![]))
        .unwrap();
    s.edit_commitment(&admin(), co.id, co.version, &edit(co, Some(other), vec![d]))
        .unwrap();
    s.edit_commitment(
        &admin(),
        none.id,
        none.version,
        &edit(none, Some(other), vec![]),
    )
    .unwrap();
    s.add_update(
        &zhang,
        led.id,
        led.version + 1,
        &NewUpdate {
            date: "2023-03-01".into(),
            value: None,
            percent: Some(20.0),
            state: State::InProgress,
            narrative: "推进".into(),
            link: None,
            evidence: None,
        },
    )
    .unwrap();
    s.rename_department(&zhang, other, 1, "市财政局（新）")
        .unwrap();

    let all = s.audit(-1, 0).unwrap();
    let find = |f: &AuditFilter| s.audit_find(f, -1, 0).unwrap();
    let (everything, n) = find(&AuditFilter::default());
    assert_eq!(
        (everything.len() as i64, n),
        (all.len() as i64, all.len() as i64)
    );
    assert_eq!(everything, all);

    // By person: 张三's update and rename, newest first.
    let (by, n) = find(&AuditFilter {
        user_id: Some(uid),
        ..AuditFilter::default()
    });
    assert_eq!(n, 2);
    assert_eq!(
        by.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["edit", "update"]
    );
    // By department: its creation, its user's actions (the rename of another department
    // included), the tasks it leads or co-operates on; not the task only the other one leads.
    let (by, _) = find(&AuditFilter {
        department_id: Some(d),
        ..AuditFilter::default()
    });
    let about = |e: &AuditEntry| (e.entity.clone(), e.entity_id, e.action.clone());
    let got: Vec<_> = by.iter().map(about).collect();
    assert!(got.contains(&("department".into(), Some(d), "create".into())));
    assert!(
        got.contains(&("department".into(), Some(other), "edit".into())),
        "by its user"
    );
    assert!(got.contains(&("commitment".into(), Some(led.id), "update".into())));
    assert!(
        got.contains(&("commitment".into(), Some(co.id), "edit".into())),
        "co-operates"
    );
    assert!(!got.iter().any(|g| g.1 == Some(none.id)), "{got:?}");
    assert!(!got.contains(&("department".into(), Some(other), "create".into())));
    // By action, and with a person.
    let (by, n) = find(&AuditFilter {
        action: Some("edit".into()),
        ..AuditFilter::default()
    });
    assert_eq!(n, all.iter().filter(|e| e.action == "edit").count() as i64);
    assert!(n >= 4 && by.iter().all(|e| e.action == "edit"));
    let (_, n) = find(&AuditFilter {
        action: Some("edit".into()),
        user_id: Some(uid),
        department_id: Some(d),
        ..AuditFilter::default()
    });
    assert_eq!(n, 1);
    // An action that does not exist, text that is no code: nothing, and no error.
    let (by, n) = find(&AuditFilter {
        action: Some("' OR '1'='1".into()),
        ..AuditFilter::default()
    });
    assert_eq!((by.len(), n), (0, 0));
    // By time: from and until (exclusive).
    let first = all.last().unwrap().at;
    let last = all[0].at;
    let (_, n) = find(&AuditFilter {
        from: Some(first),
        until: Some(last + 1),
        ..AuditFilter::default()
    });
    assert_eq!(n, all.len() as i64);
    let (_, n) = find(&AuditFilter {
        until: Some(first),
        ..AuditFilter::default()
    });
    assert_eq!(n, 0);
    let (_, n) = find(&AuditFilter {
        from: Some(last + 1),
        ..AuditFilter::default()
    });
    assert_eq!(n, 0);
    // Paged: the count is of all, the page of a few.
    let (page, n) = s
        .audit_find(
            &AuditFilter {
                action: Some("edit".into()),
                ..AuditFilter::default()
            },
            2,
            1,
        )
        .unwrap();
    assert_eq!(page.len(), 2);
    assert_eq!(n, all.iter().filter(|e| e.action == "edit").count() as i64);
    assert_eq!(s.verify_audit().unwrap(), None);
}

/// Issue 13: reminders answered by the next update, requests decided once (an extension moves
/// the deadline and keeps the old one; 办结 closes the task at 100%), milestones, thresholds,
/// an API action marked in the audit chain, and the clock of a task from its assignment.
fn the_office_workflow_is_stored_and_audited(h: &Harness) {
    let s = &*h.store;
    import_bytes(s, &admin(), JIANGMEN, "jiangmen-2023.txt").unwrap();
    let dept = s.create_department(&admin(), "市住房城乡建设局").unwrap();
    let c = s.commitments(&Filter::default()).unwrap().remove(0);
    assert_eq!(c.assigned_on, None, "not assigned yet");
    // No 催办 for a task without a lead department.
    assert!(matches!(
        s.remind(&admin(), c.id, ReminderReason::Other, "x"),
        Err(StoreError::Invalid(_))
    ));
    s.assign_commitments(
        &admin(),
        &[(c.id, c.version)],
        &Assignment {
            lead_department_id: Some(dept),
            ..Assignment::default()
        },
    )
    .unwrap();
    let c = s.commitment(c.id).unwrap();
    let today = crate::util::today();
    assert_eq!(
        c.assigned_on.as_deref(),
        Some(today.format("%Y-%m-%d").to_string().as_str())
    );
    assert_eq!(c.health_start(today), today);
    let rid = s
        .remind(&admin(), c.id, ReminderReason::Silent, "请报送进展")
        .unwrap();
    let open = s.department_reminders(dept, true).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!((open[0].id, open[0].read_at), (rid, None));
    s.mark_reminders_read(dept).unwrap();
    assert!(s.department_reminders(dept, true).unwrap()[0]
        .read_at
        .is_some());
    // An update by the department answers it, in the same transaction.
    let department = Actor {
        user_id: None,
        name: "住建局".into(),
        via: Some("api"),
    };
    let u = NewUpdate {
        date: "2023-03-01".into(),
        value: None,
        percent: Some(100.0),
        state: State::InProgress,
        narrative: "已完成，申请办结".into(),
        link: None,
        evidence: None,
    };
    let opts = UpdateOptions {
        close_request: Some("已完成，申请办结".into()),
        answers_reminders: true,
        ..UpdateOptions::default()
    };
    s.submit_update(&department, c.id, c.version, &u, None, &opts)
        .unwrap();
    assert!(s.department_reminders(dept, true).unwrap().is_empty());
    assert!(s.reminders_of(c.id).unwrap()[0].answered_at.is_some());
    let open = s.open_requests().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].kind, RequestKind::Close);
    // An extension while 办结 waits: another kind, allowed; not an earlier date.
    assert!(s
        .request(
            &department,
            c.id,
            RequestKind::Extension,
            "晚",
            Some("2000-01-01")
        )
        .is_err());
    let ext = s
        .request(
            &department,
            c.id,
            RequestKind::Extension,
            "招标",
            Some("2024-03-31"),
        )
        .unwrap();
    let old = s.commitment(c.id).unwrap().deadline;
    s.decide(&admin(), ext, true, "同意").unwrap();
    assert_eq!(s.commitment(c.id).unwrap().deadline, "2024-03-31");
    assert_eq!(
        s.request_by_id(ext).unwrap().old_deadline.as_deref(),
        Some(old.as_str())
    );
    assert!(
        s.decide(&admin(), ext, false, "再议").is_err(),
        "decided once"
    );
    s.decide(&admin(), open[0].id, true, "").unwrap();
    let done = s.commitment(c.id).unwrap();
    assert_eq!((done.state, done.percent), (State::Done, Some(100.0)));
    // Milestones.
    let m = s
        .add_milestone(&admin(), c.id, "方案印发", "2023-04-30")
        .unwrap();
    s.set_milestone(&admin(), m, Some("2023-04-28")).unwrap();
    assert_eq!(
        s.milestones_of(c.id).unwrap()[0].done_on.as_deref(),
        Some("2023-04-28")
    );
    assert_eq!(s.all_milestones().unwrap()[&c.id].len(), 1);
    s.delete_milestone(&admin(), m).unwrap();
    assert!(s.milestones_of(c.id).unwrap().is_empty());
    // Thresholds.
    assert_eq!(s.thresholds().unwrap(), Thresholds::default());
    let t = Thresholds {
        due_soon_days: 7,
        silent_days: 21,
    };
    s.set_thresholds(&admin(), &t).unwrap();
    s.set_thresholds(&admin(), &t).unwrap();
    assert_eq!(s.thresholds().unwrap(), t);
    // Every step is in the chain, which verifies; the token's action is marked.
    let log = s.audit(-1, 0).unwrap();
    for action in [
        "remind",
        "update",
        "close",
        "extension",
        "approve",
        "settings",
    ] {
        assert!(log.iter().any(|e| e.action == action), "{action} audited");
    }
    let update = log.iter().find(|e| e.action == "update").unwrap();
    assert_eq!(update.via.as_deref(), Some("api"));
    assert_eq!(s.verify_audit().unwrap(), None);
}

/// The history the standings read: every update, by commitment, then date (not the order
/// they were entered), then id; gone with its commitment.
fn the_update_history_is_by_commitment_then_date(h: &Harness) {
    let s = &*h.store;
    import_bytes(s, &admin(), JIANGMEN, "jiangmen-2023.txt").unwrap();
    let list = s.commitments(&Filter::default()).unwrap();
    let (a, b) = (&list[0], &list[1]);
    assert!(s.update_history().unwrap().is_empty());
    let u = |date: &str, percent: Option<f64>, state: State| NewUpdate {
        date: date.into(),
        value: None,
        percent,
        state,
        narrative: "进展".into(),
        link: None,
        evidence: None,
    };
    for (id, date, percent, state) in [
        (b.id, "2023-05-01", Some(100.0), State::Done),
        (a.id, "2023-04-01", None, State::InProgress),
        (b.id, "2023-02-01", Some(10.0), State::InProgress),
        (a.id, "2023-03-01", Some(30.0), State::InProgress),
    ] {
        let v = s.commitment(id).unwrap().version;
        s.add_update(&admin(), id, v, &u(date, percent, state))
            .unwrap();
    }
    let got: Vec<(i64, String, Option<f64>, State)> = s
        .update_history()
        .unwrap()
        .into_iter()
        .map(|p| (p.commitment_id, p.date, p.percent, p.state))
        .collect();
    let (first, second) = if a.id < b.id {
        (a.id, b.id)
    } else {
        (b.id, a.id)
    };
    let of = |id: i64| -> Vec<(String, Option<f64>, State)> {
        got.iter()
            .filter(|g| g.0 == id)
            .map(|g| (g.1.clone(), g.2, g.3))
            .collect()
    };
    assert_eq!(got[0].0, first);
    assert_eq!(got[3].0, second);
    assert_eq!(
        of(a.id),
        [
            ("2023-03-01".to_string(), Some(30.0), State::InProgress),
            ("2023-04-01".to_string(), None, State::InProgress),
        ]
    );
    assert_eq!(
        of(b.id),
        [
            ("2023-02-01".to_string(), Some(10.0), State::InProgress),
            ("2023-05-01".to_string(), Some(100.0), State::Done),
        ]
    );
    // 催办 counted per commitment: sent in [from, to), answered before `to`.
    assert!(s.reminder_counts(0, i64::MAX).unwrap().is_empty());
    let sql: String = [
        (a.id, 100, Some(150)),
        (a.id, 120, Some(250)),
        (a.id, 130, None),
        (a.id, 90, Some(95)),
        (b.id, 199, None),
        (b.id, 200, None),
    ]
    .iter()
    .map(|(id, sent, answered)| {
        format!(
            "INSERT INTO reminders (commitment_id, reason, message, sent_by_name, sent_at, answered_at) \
             VALUES ({id}, 'overdue', '请报送进展', '督查室', {sent}, {});",
            answered.map_or("NULL".to_string(), |t: i64| t.to_string())
        )
    })
    .collect();
    (h.exec)(&sql).unwrap();
    let counts = s.reminder_counts(100, 200).unwrap();
    assert_eq!(counts.get(&a.id), Some(&(3, 1)));
    assert_eq!(counts.get(&b.id), Some(&(1, 0)));
    assert_eq!(counts.len(), 2);
    let v = s.commitment(a.id).unwrap().version;
    s.delete_commitment(&admin(), a.id, v).unwrap();
    assert_eq!(s.update_history().unwrap().len(), 2);
    assert_eq!(s.reminder_counts(0, i64::MAX).unwrap().len(), 1);
}

/// Evidence bytes kept in the database with their update, all or nothing, checked against
/// the size and SHA-256 recorded, and gone with their commitment.
fn evidence_is_kept_in_the_database(h: &Harness) {
    let s = &*h.store;
    import_bytes(s, &admin(), JIANGMEN, "jiangmen-2023.txt").unwrap();
    let c = s.commitments(&Filter::default()).unwrap().remove(0);
    // Every byte value, and more than one page of the database.
    let data: Vec<u8> = (0..20_000u32).map(|i| (i % 256) as u8).collect();
    let evidence = |sha: String| NewEvidence {
        stored_name: "00ff".into(),
        file_name: "表.xlsx".into(),
        mime: "application/octet-stream".into(),
        size: data.len() as i64,
        sha256: sha,
    };
    let u = NewUpdate {
        date: "2023-03-01".into(),
        value: None,
        percent: Some(5.0),
        state: State::InProgress,
        narrative: "附件".into(),
        link: None,
        evidence: Some(evidence(crate::util::sha256_hex(&data))),
    };
    // Bytes that are not the evidence's are refused, and nothing is stored.
    let wrong = NewUpdate {
        evidence: Some(evidence(crate::util::sha256_hex(b"other"))),
        ..u.clone()
    };
    assert!(matches!(
        s.add_update_with_data(&admin(), c.id, c.version, &wrong, Some(&data)),
        Err(StoreError::Internal(_))
    ));
    assert_eq!(s.commitment(c.id).unwrap().updates, 0);
    // A conflict stores neither the update nor the bytes.
    assert_eq!(
        s.add_update_with_data(&admin(), c.id, c.version + 1, &u, Some(&data)),
        Err(StoreError::Conflict)
    );
    s.add_update_with_data(&admin(), c.id, c.version, &u, Some(&data))
        .unwrap();
    let e = s.updates(c.id).unwrap()[0].evidence.clone().unwrap();
    assert_eq!(s.evidence_data(e.id).unwrap().as_deref(), Some(&data[..]));
    // Read back in chunks (a streamed download): the pieces make the whole, past the end is
    // empty.
    let mut pieced = Vec::new();
    while let Some(c) = s
        .evidence_chunk(e.id, pieced.len() as u64, 7_000)
        .unwrap()
        .filter(|c| !c.is_empty())
    {
        assert!(c.len() <= 7_000);
        pieced.extend(c);
    }
    assert_eq!(pieced, data);
    assert_eq!(
        s.evidence_chunk(e.id, data.len() as u64 + 5, 10).unwrap(),
        Some(vec![])
    );
    // Another process reads them too.
    let other = h.open_again();
    assert_eq!(
        other.evidence_data(e.id).unwrap().as_deref(),
        Some(&data[..])
    );
    // Evidence kept as a file has no bytes in the database.
    let now = s.commitment(c.id).unwrap();
    let as_file = NewUpdate {
        evidence: Some(NewEvidence {
            stored_name: "0a0b".into(),
            ..evidence("x".into())
        }),
        ..u.clone()
    };
    s.add_update(&admin(), c.id, now.version, &as_file).unwrap();
    let ups = s.updates(c.id).unwrap();
    let file = ups
        .iter()
        .find_map(|u| u.evidence.clone().filter(|e| e.stored_name == "0a0b"));
    let file = file.unwrap();
    assert_eq!(s.evidence_data(file.id).unwrap(), None);
    assert_eq!(s.evidence_chunk(file.id, 0, 10).unwrap(), None);
    // Deleting the commitment deletes the bytes.
    let now = s.commitment(c.id).unwrap();
    s.delete_commitment(&admin(), c.id, now.version).unwrap();
    assert_eq!(s.evidence_data(e.id).unwrap(), None);
}

fn login_attempts_are_counted_across_processes(h: &Harness) {
    let s = &*h.store;
    let other = h.open_again();
    let keys = |user: &str| vec![("ip".to_string(), 3), (user.to_string(), 2)];
    let (now, since) = (10_000, 9_100);
    let generation = s.generation().unwrap();
    assert!(s.login_attempt(&keys("u1"), now, since).unwrap());
    assert_eq!(
        s.generation().unwrap(),
        generation,
        "a login attempt changes no data a view shows: cached views stay"
    );
    assert!(other.login_attempt(&keys("u1"), now, since).unwrap());
    // The user's two are used up, in either process; a refused attempt counts nothing.
    assert!(!s.login_attempt(&keys("u1"), now, since).unwrap());
    assert!(!other.login_attempt(&keys("u1"), now, since).unwrap());
    // Another user from the address: its third and last.
    assert!(s.login_attempt(&keys("u2"), now, since).unwrap());
    assert!(
        !other.login_attempt(&keys("u3"), now, since).unwrap(),
        "address used up"
    );
    // u2's login succeeds: u2 forgotten, the address's attempt taken back.
    s.login_succeeded("u2", &["ip".to_string()]).unwrap();
    assert!(other.login_attempt(&keys("u3"), now, since).unwrap());
    assert!(
        !s.login_attempt(&keys("u1"), now, since).unwrap(),
        "u1 still refused"
    );
    // Out of the window, everything is allowed again.
    let later = now + 1_000;
    assert!(s.login_attempt(&keys("u1"), later, later - 900).unwrap());
    // Attempts sent at once from two processes: exactly the limit get through.
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let st = if t % 2 == 0 {
                h.store.clone()
            } else {
                other.clone()
            };
            std::thread::spawn(move || {
                let k = vec![("burst".to_string(), 5)];
                (0..5)
                    .filter(|_| st.login_attempt(&k, later, later - 900).unwrap())
                    .count()
            })
        })
        .collect();
    let through: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(through, 5);
}

fn reports_are_published_and_withdrawn(h: &Harness) {
    let s = &*h.store;
    let r = import_bytes(s, &admin(), JIANGMEN, "jiangmen-2023.txt").unwrap();
    assert!(
        !s.reports().unwrap()[0].published,
        "not public until published"
    );
    let audited = s.audit_count().unwrap();
    s.set_published(&admin(), r.id, true).unwrap();
    assert!(s.reports().unwrap()[0].published);
    assert!(s.report(r.id).unwrap().summary.published);
    s.set_published(&admin(), r.id, false).unwrap();
    assert!(!s.reports().unwrap()[0].published);
    assert_eq!(s.audit_count().unwrap(), audited + 2);
    let log = s.audit(2, 0).unwrap();
    assert_eq!(log[0].action, "unpublish");
    assert_eq!(log[1].action, "publish");
    assert_eq!(s.verify_audit().unwrap(), None);
    assert!(matches!(
        s.set_published(&admin(), 9999, true),
        Err(StoreError::NotFound)
    ));
}

fn admin() -> Actor {
    Actor {
        user_id: None,
        name: "测试".into(),
        via: None,
    }
}

fn import_stores_commitments_once(h: &Harness) {
    let s = &*h.store;
    let r = import_bytes(s, &admin(), JIANGMEN, "jiangmen-2023.txt").unwrap();
    // One per task of the plan (the gold division of Jiangmen has 10), not one per sentence.
    assert_eq!(r.commitments, 10);
    let list = s.commitments(&Filter::default()).unwrap();
    assert_eq!(list.len(), r.commitments);
    assert!(list
        .iter()
        .all(|c| c.deadline == "2023-12-31" && c.version == 1));
    assert!(list.iter().any(|c| !c.targets.is_empty()));
    let again = import_bytes(s, &admin(), JIANGMEN, "copy.txt");
    assert!(matches!(again, Err(ImportError::Duplicate { .. })));
    assert_eq!(s.reports().unwrap().len(), 1);
    let report = s.report(r.id).unwrap();
    assert!(!report.text.is_empty() && !report.facts.is_empty());
    // Reopening keeps everything, the same to the last field, and runs no migration twice.
    let s2 = h.open_again();
    assert_eq!(s2.commitments(&Filter::default()).unwrap(), list);
    assert_eq!(s2.report(r.id).unwrap().facts, report.facts);
}

fn non_reports_are_refused_and_nothing_is_stored(h: &Harness) {
    let s = &*h.store;
    for (bytes, name) in [
        (&b""[..], "empty.txt"),
        (&b"%PDF-1.4 \x00\x01\x02 garbage"[..], "x.pdf"),
        ("这是一份购物清单：苹果、香蕉。".as_bytes(), "list.txt"),
        (&[0xff, 0xfe, 0x00, 0xd8, 0x00][..], "bad.txt"),
    ] {
        assert!(import_bytes(s, &admin(), bytes, name).is_err(), "{name}");
    }
    assert!(s.reports().unwrap().is_empty());
    assert_eq!(s.audit_count().unwrap(), 0);
}

fn edits_check_the_version_and_are_audited(h: &Harness) {
    let s = &*h.store;
    import_bytes(s, &admin(), JIANGMEN, "jiangmen-2023.txt").unwrap();
    let dept = s.create_department(&admin(), "市发展改革局").unwrap();
    let co = s.create_department(&admin(), "市财政局").unwrap();
    let c = s.commitments(&Filter::default()).unwrap().remove(0);
    let edit = CommitmentEdit {
        title: "新标题".into(),
        section: c.section.clone(),
        lead_department_id: Some(dept),
        co_department_ids: vec![co, dept],
        deadline: "2023-06-30".into(),
        priority: 1,
        state: State::InProgress,
        start_date: None,
        state_override: false,
    };
    s.edit_commitment(&admin(), c.id, c.version, &edit).unwrap();
    // The same stale version again: a conflict, nothing changed.
    let stale = CommitmentEdit {
        title: "另一个标题".into(),
        ..edit
    };
    assert_eq!(
        s.edit_commitment(&admin(), c.id, c.version, &stale),
        Err(StoreError::Conflict)
    );
    assert_eq!(
        s.edit_commitment(&admin(), 999_999, 1, &stale),
        Err(StoreError::NotFound)
    );
    let now = s.commitment(c.id).unwrap();
    assert_eq!(now.title, "新标题");
    assert_eq!(now.version, c.version + 1);
    assert_eq!(now.lead_department.as_deref(), Some("市发展改革局"));
    assert_eq!(
        now.co_departments.len(),
        1,
        "the lead is not also a co-department"
    );
    // Filters by department find it, as lead and as co-department.
    let by = |d| {
        s.commitments(&Filter {
            department_id: Some(d),
            ..Filter::default()
        })
        .unwrap()
        .len()
    };
    assert_eq!((by(dept), by(co)), (1, 1));
    // Audit: import, 2 departments, 1 edit; chain intact; no UPDATE, DELETE or TRUNCATE.
    assert_eq!(s.audit_count().unwrap(), 4);
    let last = &s.audit(1, 0).unwrap()[0];
    assert_eq!(last.action, "edit");
    assert!(last.before.as_deref().unwrap().contains(&c.title));
    assert!(last.after.as_deref().unwrap().contains("新标题"));
    assert_eq!(s.audit(-1, 0).unwrap().len(), 4, "a negative limit is none");
    assert_eq!(s.audit(10, 3).unwrap().len(), 1);
    assert_eq!(s.verify_audit().unwrap(), None);
    for sql in [
        "UPDATE audit_log SET user_name = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log", // not SQL to SQLite: refused all the same
    ] {
        let refused = (h.exec)(sql);
        assert!(refused.is_err(), "{sql} was allowed");
    }
    assert_eq!(s.audit_count().unwrap(), 4);
    // A forged entry (the triggers do not stop an INSERT) breaks the chain where it stands.
    (h.exec)(
        "INSERT INTO audit_log (at, user_name, action, entity, prev_hash, hash)
         VALUES (1, 'x', 'edit', 'user', 'forged', 'forged')",
    )
    .unwrap();
    let forged = s.audit(1, 0).unwrap()[0].id;
    assert_eq!(s.verify_audit().unwrap(), Some(forged));
}

fn updates_move_progress_and_keep_a_timeline(h: &Harness) {
    let s = &*h.store;
    import_bytes(s, &admin(), JIANGMEN, "jiangmen-2023.txt").unwrap();
    let c = s.commitments(&Filter::default()).unwrap().remove(0);
    let u = NewUpdate {
        date: "2023-03-01".into(),
        value: None,
        percent: Some(20.0),
        state: State::InProgress,
        narrative: "已启动".into(),
        link: Some("https://example.org/a".into()),
        evidence: Some(NewEvidence {
            stored_name: "abc".into(),
            file_name: "照片.png".into(),
            mime: "image/png".into(),
            size: 3,
            sha256: "x".into(),
        }),
    };
    s.add_update(&admin(), c.id, c.version, &u).unwrap();
    assert_eq!(
        s.add_update(&admin(), c.id, c.version, &u),
        Err(StoreError::Conflict)
    );
    let now = s.commitment(c.id).unwrap();
    assert_eq!(
        (now.percent, now.state, now.updates),
        (Some(20.0), State::InProgress, 1)
    );
    assert_eq!(now.last_update.as_deref(), Some("2023-03-01"));
    // An older update, with a value and no percent: the timeline is newest first, the last
    // update's date stays, the percent is kept.
    let older = NewUpdate {
        date: "2023-02-01".into(),
        value: Some(1.5),
        percent: None,
        evidence: None,
        link: None,
        ..u
    };
    s.add_update(&admin(), c.id, now.version, &older).unwrap();
    let now = s.commitment(c.id).unwrap();
    assert_eq!(
        (now.percent, now.current_value, now.updates),
        (Some(20.0), Some(1.5), 2)
    );
    assert_eq!(now.last_update.as_deref(), Some("2023-03-01"));
    let ups = s.updates(c.id).unwrap();
    assert_eq!(
        ups.iter().map(|u| u.date.as_str()).collect::<Vec<_>>(),
        ["2023-03-01", "2023-02-01"]
    );
    assert!(ups[1].evidence.is_none());
    let e = ups[0].evidence.as_ref().unwrap();
    assert_eq!(s.evidence(e.id).unwrap().stored_name, "abc");
    assert_eq!(
        s.evidence_summary().unwrap()[&c.id],
        ["照片.png", "https://example.org/a"]
    );
    // Deleting the commitment returns its files and removes its updates.
    assert_eq!(
        s.delete_commitment(&admin(), c.id, now.version).unwrap(),
        vec!["abc".to_string()]
    );
    assert_eq!(s.commitment(c.id), Err(StoreError::NotFound));
    assert_eq!(s.evidence(e.id), Err(StoreError::NotFound));
    assert!(s.updates(c.id).unwrap().is_empty());
}

fn merge_and_split(h: &Harness) {
    let s = &*h.store;
    import_bytes(s, &admin(), JIANGMEN, "jiangmen-2023.txt").unwrap();
    let list = s.commitments(&Filter::default()).unwrap();
    let n = list.len();
    let (a, b) = (&list[0], &list[1]);
    assert!(matches!(
        s.merge_commitments(&admin(), (a.id, a.version), (a.id, a.version)),
        Err(StoreError::Invalid(_))
    ));
    s.merge_commitments(&admin(), (a.id, a.version), (b.id, b.version))
        .unwrap();
    let m = s.commitment(a.id).unwrap();
    assert_eq!(m.title, format!("{}{}", a.title, b.title));
    assert_eq!(m.targets.len(), a.targets.len() + b.targets.len());
    assert_eq!(s.commitments(&Filter::default()).unwrap().len(), n - 1);
    let new = s
        .split_commitment(&admin(), a.id, m.version, &a.title, &b.title, None)
        .unwrap();
    let (x, y) = (s.commitment(a.id).unwrap(), s.commitment(new).unwrap());
    assert_eq!(
        (x.title.as_str(), y.title.as_str()),
        (a.title.as_str(), b.title.as_str())
    );
    assert_eq!(x.targets.len() + y.targets.len(), m.targets.len());
    assert_eq!(s.commitments(&Filter::default()).unwrap().len(), n);
    assert_eq!(s.verify_audit().unwrap(), None);
}

fn tasks_split_at_a_sentence_and_keep_their_numbers(h: &Harness) {
    use crate::domain::commitments::{sentence_starts, split_number};
    let s = &*h.store;
    import_bytes(s, &admin(), JIANGMEN, "jiangmen-2023.txt").unwrap();
    let list = s.commitments(&Filter::default()).unwrap();
    // Every imported task carries its 序号 in the division, each a different one.
    assert!(list.iter().all(|c| !c.number.is_empty()));
    let mut numbers: Vec<&str> = list.iter().map(|c| c.number.as_str()).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), list.len());
    // The main-targets passage: many sentences, many targets.
    let c = list
        .iter()
        .find(|c| sentence_starts(&c.quote).len() >= 2 && c.targets.len() >= 2)
        .expect("a task of several sentences with targets");
    let starts = sentence_starts(&c.quote);
    // Not at a place inside a sentence: refused, nothing changed.
    assert!(matches!(
        s.split_commitment(&admin(), c.id, c.version, "甲", "乙", Some(starts[0] - 1)),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(&s.commitment(c.id).unwrap(), c);
    let at = starts[starts.len() / 2];
    let new = s
        .split_commitment(&admin(), c.id, c.version, &c.title, "后半", Some(at))
        .unwrap();
    let (a, b) = (s.commitment(c.id).unwrap(), s.commitment(new).unwrap());
    let chars: Vec<char> = c.quote.chars().collect();
    assert_eq!(b.quote, chars[at..].iter().collect::<String>());
    assert_eq!(a.quote, chars[..at].iter().collect::<String>().trim_end());
    assert_eq!(b.quote_offset, c.quote_offset + at as i64);
    assert_eq!(a.quote_len, a.quote.chars().count() as i64);
    // Targets go with the sentence that quotes them.
    assert_eq!(a.targets.len() + b.targets.len(), c.targets.len());
    assert!(a.targets.iter().all(|t| a.quote.contains(&t.quote)));
    assert!(b.targets.iter().all(|t| b.quote.contains(&t.quote)));
    assert_eq!(
        (a.number.as_str(), b.number.clone()),
        (c.number.as_str(), split_number(&c.number, 2))
    );
    // Split again: the next number, not the same one.
    let at2 = sentence_starts(&a.quote)[0];
    let third = s
        .split_commitment(&admin(), a.id, a.version, &a.title, "再拆", Some(at2))
        .unwrap();
    assert_eq!(
        s.commitment(third).unwrap().number,
        split_number(&c.number, 3)
    );
    let audit = s.audit(10, 0).unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == "split").count(), 2);
    assert_eq!(s.verify_audit().unwrap(), None);
}

fn numbers_are_set_only_where_missing(h: &Harness) {
    let s = &*h.store;
    let r = import_bytes(s, &admin(), JIANGMEN, "jiangmen-2023.txt").unwrap();
    let hand = s
        .create_commitment(
            &admin(),
            &NewCommitment {
                report_id: r.id,
                title: "手工添加的任务".into(),
                section: String::new(),
                lead_department_id: None,
                co_department_ids: vec![],
                deadline: None,
                priority: 2,
            },
        )
        .unwrap();
    let numbered = s.commitments(&Filter::default()).unwrap()[0].clone();
    let audit = s.audit_count().unwrap();
    // Not for a task of another report, not over a number it has.
    let n = s
        .set_numbers(&admin(), r.id + 1, &[(hand, "三、1.".into())])
        .unwrap();
    assert_eq!(n, 0);
    let n = s
        .set_numbers(
            &admin(),
            r.id,
            &[(numbered.id, "九、".into()), (hand, "三、1.".into())],
        )
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(s.commitment(hand).unwrap().number, "三、1.");
    assert_eq!(s.commitment(numbered.id).unwrap().number, numbered.number);
    assert_eq!(s.audit_count().unwrap(), audit + 1);
    assert_eq!(s.verify_audit().unwrap(), None);
}

fn many_tasks_are_assigned_at_once(h: &Harness) {
    use crate::store::Assignment;
    let s = &*h.store;
    import_bytes(s, &admin(), JIANGMEN, "jiangmen-2023.txt").unwrap();
    let lead = s.create_department(&admin(), "市发展改革局").unwrap();
    let co = s.create_department(&admin(), "市财政局").unwrap();
    let list = s.commitments(&Filter::default()).unwrap();
    let items: Vec<(i64, i64)> = list.iter().take(4).map(|c| (c.id, c.version)).collect();
    let audit_before = s.audit_count().unwrap();
    assert!(matches!(
        s.assign_commitments(&admin(), &items, &Assignment::default()),
        Err(StoreError::Invalid(_))
    ));
    let a = Assignment {
        lead_department_id: Some(lead),
        co_department_ids: vec![co],
        deadline: Some("2023-06-30".into()),
        priority: Some(1),
    };
    // One stale version: nothing is assigned.
    let mut stale = items.clone();
    stale[3].1 += 1;
    assert_eq!(
        s.assign_commitments(&admin(), &stale, &a),
        Err(StoreError::Conflict)
    );
    assert_eq!(s.audit_count().unwrap(), audit_before);
    assert_eq!(s.assign_commitments(&admin(), &items, &a).unwrap(), 4);
    for (id, _) in &items {
        let c = s.commitment(*id).unwrap();
        assert_eq!(c.lead_department_id, Some(lead));
        assert_eq!(
            c.co_departments.iter().map(|d| d.id).collect::<Vec<_>>(),
            vec![co]
        );
        assert_eq!((c.deadline.as_str(), c.priority), ("2023-06-30", 1));
    }
    // The others are untouched; a second assignment of the deadline only keeps the departments.
    assert!(s
        .commitment(list[4].id)
        .unwrap()
        .lead_department_id
        .is_none());
    let fresh: Vec<(i64, i64)> = items
        .iter()
        .map(|(id, _)| (*id, s.commitment(*id).unwrap().version))
        .collect();
    let only_deadline = Assignment {
        deadline: Some("2023-09-30".into()),
        ..Assignment::default()
    };
    s.assign_commitments(&admin(), &fresh[..1], &only_deadline)
        .unwrap();
    let c = s.commitment(fresh[0].0).unwrap();
    assert_eq!(
        (c.lead_department_id, c.deadline.as_str()),
        (Some(lead), "2023-09-30")
    );
    assert_eq!(c.co_departments.len(), 1);
    // A department that does not exist: refused.
    let bad = Assignment {
        lead_department_id: Some(9999),
        ..Assignment::default()
    };
    assert!(matches!(
        s.assign_commitments(&admin(), &fresh[1..2], &bad),
        Err(StoreError::Invalid(_))
    ));
    // One audit entry per task assigned.
    let log = s.audit(10, 0).unwrap();
    assert_eq!(log.iter().filter(|e| e.action == "assign").count(), 5);
    assert_eq!(s.verify_audit().unwrap(), None);
}

fn the_next_years_report_suggests_ratings(h: &Harness) {
    let s = &*h.store;
    import_bytes(s, &admin(), HAILAR_2015, "hailar-2015.txt").unwrap();
    let r = import_bytes(s, &admin(), HAILAR_2016, "hailar-2016.txt").unwrap();
    assert!(r.suggested > 0);
    let rated: Vec<_> = s
        .commitments(&Filter::default())
        .unwrap()
        .into_iter()
        .filter(|c| c.rating_suggested.is_some())
        .collect();
    assert_eq!(rated.len(), r.suggested);
    assert!(rated
        .iter()
        .all(|c| c.report_name == "hailar-2015" && c.rating.is_none()));
    let c = &rated[0];
    s.confirm_rating(&admin(), c.id, c.version, Some(Rating::Partly))
        .unwrap();
    assert_eq!(s.commitment(c.id).unwrap().rating, Some(Rating::Partly));
    // Reports: the latest year first.
    let years: Vec<_> = s.reports().unwrap().iter().map(|r| r.year).collect();
    assert_eq!(years, [Some(2016), Some(2015)]);
    assert_eq!(s.verify_audit().unwrap(), None);
}

/// 呼伦贝尔市海拉尔区 (2015) and 海拉尔区 (2016) are one region: the later report suggests ratings
/// for the earlier one's commitments.
fn a_region_named_with_its_parents_is_the_same_region(h: &Harness) {
    let s = &*h.store;
    import_bytes(s, &admin(), HAILAR_2015_PARENTS, "hailar-2015-parents.txt").unwrap();
    let r = import_bytes(s, &admin(), HAILAR_2016_SHORT, "hailar-2016-short.txt").unwrap();
    assert!(r.suggested > 0);
    let regions: Vec<_> = s
        .reports()
        .unwrap()
        .iter()
        .map(|r| r.region.clone())
        .collect();
    assert_eq!(
        regions,
        [Some("海拉尔区".to_string()), Some("海拉尔区".to_string())]
    );
}

fn departments_with_users_cannot_be_deleted(h: &Harness) {
    let s = &*h.store;
    let d = s.create_department(&admin(), "市教育局").unwrap();
    assert_eq!(
        s.create_department(&admin(), "市教育局"),
        Err(StoreError::Duplicate)
    );
    s.create_user(
        &admin(),
        &NewUser {
            name: "张三".into(),
            password_hash: "h".into(),
            role: Role::Editor,
            department_id: Some(d),
        },
    )
    .unwrap();
    assert!(matches!(
        s.delete_department(&admin(), d, 1),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(s.departments().unwrap()[0].users, 1);
    // Without users: renamed (version checked), then deleted.
    let e = s.create_department(&admin(), "市卫健委").unwrap();
    assert_eq!(
        s.rename_department(&admin(), e, 2, "x"),
        Err(StoreError::Conflict)
    );
    assert_eq!(
        s.rename_department(&admin(), e, 1, "市教育局"),
        Err(StoreError::Duplicate)
    );
    s.rename_department(&admin(), e, 1, "市卫生健康委").unwrap();
    assert_eq!(s.department(e).unwrap().name, "市卫生健康委");
    s.delete_department(&admin(), e, 2).unwrap();
    assert_eq!(s.department(e), Err(StoreError::NotFound));
    assert_eq!(s.verify_audit().unwrap(), None);
}

fn sessions_expire(h: &Harness) {
    let s = &*h.store;
    let u = s
        .create_user(
            &admin(),
            &NewUser {
                name: "v".into(),
                password_hash: "h".into(),
                role: Role::Viewer,
                department_id: None,
            },
        )
        .unwrap();
    s.create_session("tok", u, "csrf", 100, 200).unwrap();
    assert!(matches!(
        s.session("tok", 150).unwrap(),
        SessionLookup::Valid(_)
    ));
    assert!(matches!(
        s.session("tok", 250).unwrap(),
        SessionLookup::Expired
    ));
    assert!(matches!(
        s.session("nope", 150).unwrap(),
        SessionLookup::Missing
    ));
    assert_eq!(
        s.create_session("tok", u, "csrf", 150, 300),
        Err(StoreError::Duplicate)
    );
    s.delete_session("tok").unwrap();
    assert!(matches!(
        s.session("tok", 150).unwrap(),
        SessionLookup::Missing
    ));
}

fn users_tokens_and_edits(h: &Harness) {
    let s = &*h.store;
    assert_eq!(s.user_count().unwrap(), 0);
    let new = |name: &str, department_id| NewUser {
        name: name.into(),
        password_hash: "hash".into(),
        role: Role::Editor,
        department_id,
    };
    assert!(matches!(
        s.create_user(&admin(), &new("x", Some(12345))),
        Err(StoreError::Invalid(_))
    ));
    let d = s.create_department(&admin(), "市统计局").unwrap();
    let id = s.create_user(&admin(), &new("李四", Some(d))).unwrap();
    assert_eq!(
        s.create_user(&admin(), &new("李四", None)),
        Err(StoreError::Duplicate)
    );
    let (u, hash) = s.login_lookup("李四").unwrap().unwrap();
    assert_eq!(
        (u.id, hash.as_str(), u.department.as_deref()),
        (id, "hash", Some("市统计局"))
    );
    assert!(s.login_lookup("nobody").unwrap().is_none());
    s.set_token(&admin(), id, Some("th")).unwrap();
    let u = s.user_by_token("th").unwrap().unwrap();
    assert!(u.has_token && u.version == 2);
    s.create_session("sess", id, "c", 1, i64::MAX).unwrap();
    // Disabling: the token no longer works, sessions are gone.
    let edit = UserEdit {
        role: Role::Viewer,
        department_id: None,
        disabled: true,
        password_hash: Some("new".into()),
    };
    assert_eq!(
        s.edit_user(&admin(), id, 1, &edit),
        Err(StoreError::Conflict)
    );
    s.edit_user(&admin(), id, 2, &edit).unwrap();
    assert!(s.user_by_token("th").unwrap().is_none());
    assert!(matches!(
        s.session("sess", 2).unwrap(),
        SessionLookup::Missing
    ));
    let u = s.user(id).unwrap();
    assert_eq!(
        (u.role, u.disabled, u.department_id, u.version),
        (Role::Viewer, true, None, 3)
    );
    assert_eq!(s.login_lookup("李四").unwrap().unwrap().1, "new");
    assert!(s.audit(1, 0).unwrap()[0]
        .after
        .as_deref()
        .unwrap()
        .contains("\"password\":\"reset\""));
    s.set_token(&admin(), id, None).unwrap();
    assert!(!s.user(id).unwrap().has_token);
    assert_eq!(s.user(id + 1000), Err(StoreError::NotFound));
    assert_eq!(s.user_count().unwrap(), 1);
    assert_eq!(s.verify_audit().unwrap(), None);
}

/// Every field of [`Filter`], and the search's rules: words AND-ed, each a literal substring
/// (`%` and `_` are not wildcards) of the title, quote, section or lead department, ASCII
/// letters in either case and no other folding (as SQLite's `LIKE`).
fn filters_and_search(h: &Harness) {
    let s = &*h.store;
    let r15 = import_bytes(s, &admin(), HAILAR_2015, "hailar-2015.txt")
        .unwrap()
        .id;
    let r16 = import_bytes(s, &admin(), HAILAR_2016, "hailar-2016.txt")
        .unwrap()
        .id;
    let lead = s.create_department(&admin(), "市QXZ局").unwrap();
    let co = s.create_department(&admin(), "市财政局").unwrap();
    let mk = |title: &str, priority, lead_department_id, co_department_ids: Vec<i64>| {
        s.create_commitment(
            &admin(),
            &NewCommitment {
                report_id: r16,
                title: title.into(),
                section: "测试专栏".into(),
                lead_department_id,
                co_department_ids,
                deadline: None,
                priority,
            },
        )
        .unwrap()
    };
    let a = mk("推进Zqy_核算%改革", 1, Some(lead), vec![]);
    let b = mk("开展绿色ＺＱＹ试点", 2, None, vec![co]);
    let c = mk("推进ZQYX核算改革", 3, None, vec![]);
    assert!(matches!(
        s.create_commitment(
            &admin(),
            &NewCommitment {
                report_id: 999_999,
                title: "x".into(),
                section: String::new(),
                lead_department_id: None,
                co_department_ids: vec![],
                deadline: None,
                priority: 2,
            }
        ),
        Err(StoreError::Invalid(_))
    ));
    let made = s.commitment(a).unwrap();
    assert_eq!(
        (made.start_date.as_str(), made.deadline.as_str()),
        ("2016-01-01", "2016-12-31")
    );
    let ids = |f: Filter| {
        let mut v: Vec<i64> = s.commitments(&f).unwrap().iter().map(|c| c.id).collect();
        v.sort();
        v
    };
    let q = |q: &str| {
        ids(Filter {
            q: Some(q.into()),
            ..Filter::default()
        })
    };
    assert_eq!(q("zqy"), [a, c], "ASCII letters in any case");
    assert_eq!(q("ZQY"), [a, c]);
    assert_eq!(q("ＺＱＹ"), [b], "full-width letters only as written");
    assert_eq!(q("ｚｑｙ"), Vec::<i64>::new(), "and not folded");
    assert_eq!(q("y_核算%"), [a], "% and _ are literal");
    assert_eq!(q("y%"), Vec::<i64>::new());
    assert_eq!(q("  推进   核算改革 "), [c], "every word, anywhere");
    assert_eq!(q("qxz"), [a], "the lead department's name");
    assert_eq!(q("测试专栏 zqy"), [a, c], "the section");
    let section = |sec: &str| {
        ids(Filter {
            section: Some(sec.into()),
            ..Filter::default()
        })
    };
    assert_eq!(section("测试专栏"), [a, b, c]);
    assert_eq!(
        section("测试"),
        Vec::<i64>::new(),
        "the section is matched whole"
    );
    assert_eq!(
        ids(Filter {
            section: Some(String::new()),
            report_id: Some(r16),
            ..Filter::default()
        })
        .len(),
        s.reports().unwrap()[0].commitments as usize,
        "an empty section does not filter"
    );
    let mine = |f: Filter| {
        ids(Filter {
            section: Some("测试专栏".into()),
            ..f
        })
    };
    assert_eq!(
        mine(Filter {
            priority: Some(3),
            ..Filter::default()
        }),
        [c]
    );
    assert_eq!(
        mine(Filter {
            department_id: Some(co),
            ..Filter::default()
        }),
        [b]
    );
    assert_eq!(
        mine(Filter {
            department_id: Some(lead),
            ..Filter::default()
        }),
        [a]
    );
    assert_eq!(
        mine(Filter {
            report_id: Some(r15),
            ..Filter::default()
        }),
        Vec::<i64>::new()
    );
    let cm = s.commitment(c).unwrap();
    s.edit_commitment(
        &admin(),
        c,
        cm.version,
        &CommitmentEdit {
            title: cm.title.clone(),
            section: cm.section.clone(),
            lead_department_id: None,
            co_department_ids: vec![],
            deadline: cm.deadline.clone(),
            priority: cm.priority,
            state: State::Done,
            start_date: None,
            state_override: false,
        },
    )
    .unwrap();
    assert_eq!(
        mine(Filter {
            state: Some(State::Done),
            ..Filter::default()
        }),
        [c]
    );
    assert_eq!(
        mine(Filter {
            state: Some(State::NotStarted),
            priority: Some(2),
            department_id: Some(co),
            report_id: Some(r16),
            q: Some("绿色".into()),
            ..Filter::default()
        }),
        [b]
    );
    // The whole list: newest report first, then by sequence.
    let all = s.commitments(&Filter::default()).unwrap();
    let key: Vec<_> = all.iter().map(|c| (-c.report_id, c.seq, c.id)).collect();
    let mut sorted = key.clone();
    sorted.sort();
    assert_eq!(key, sorted);
    assert_eq!(all[0].report_id, r16);
}

/// Names sort by their UTF-8 bytes (SQLite's BINARY), whatever the database's locale.
fn lists_sort_text_by_bytes(h: &Harness) {
    let s = &*h.store;
    let names = ["b", "市财政局", "B", "Ａ", "a", "市发展改革局"];
    for n in names {
        s.create_department(&admin(), n).unwrap();
        s.create_user(
            &admin(),
            &NewUser {
                name: n.into(),
                password_hash: "h".into(),
                role: Role::Viewer,
                department_id: None,
            },
        )
        .unwrap();
    }
    let mut expected: Vec<&str> = names.to_vec();
    expected.sort_by(|x, y| x.as_bytes().cmp(y.as_bytes()));
    let depts: Vec<String> = s
        .departments()
        .unwrap()
        .into_iter()
        .map(|d| d.name)
        .collect();
    let users: Vec<String> = s.users().unwrap().into_iter().map(|u| u.name).collect();
    assert_eq!(depts, expected);
    assert_eq!(users, expected);
}

/// The generation moves with every committed write, made through this store or another one on
/// the same database, and not with reads or refused writes.
fn the_generation_changes_with_every_write(h: &Harness) {
    let s = &*h.store;
    let g0 = s
        .generation()
        .unwrap()
        .expect("the store tells its generation");
    s.users().unwrap();
    assert_eq!(s.generation().unwrap(), Some(g0));
    let d = s.create_department(&admin(), "市审计局").unwrap();
    let g1 = s.generation().unwrap().unwrap();
    assert_ne!(g1, g0);
    assert_eq!(
        s.rename_department(&admin(), d, 7, "x"),
        Err(StoreError::Conflict)
    );
    assert_eq!(s.generation().unwrap(), Some(g1));
    let other = h.open_again();
    other.create_department(&admin(), "市水务局").unwrap();
    let g2 = s.generation().unwrap().unwrap();
    assert_ne!(g2, g1);
}

/// Four writers, two on each of two stores (as two processes), record progress on one
/// commitment at once, each reading the version again after a conflict: no update is lost and
/// the audit chain holds.
fn concurrent_writers_keep_the_chain(h: &Harness) {
    const THREADS: usize = 4;
    const EACH: usize = 50;
    let s = &*h.store;
    import_bytes(s, &admin(), HAILAR_2015, "hailar-2015.txt").unwrap();
    let c = s.commitments(&Filter::default()).unwrap().remove(0);
    let audits = s.audit_count().unwrap();
    let other = h.open_again();
    let threads: Vec<_> = (0..THREADS)
        .map(|t| {
            let st = if t % 2 == 0 {
                h.store.clone()
            } else {
                other.clone()
            };
            let id = c.id;
            std::thread::spawn(move || {
                let actor = Actor {
                    user_id: None,
                    name: format!("writer {t}"),
                    via: None,
                };
                let mut conflicts = 0;
                for i in 0..EACH {
                    let u = NewUpdate {
                        date: format!("2015-{:02}-{:02}", t + 1, i % 28 + 1),
                        value: Some(i as f64),
                        percent: Some((t * EACH + i) as f64 / 2.0),
                        state: State::InProgress,
                        narrative: format!("{t}/{i}"),
                        link: None,
                        evidence: None,
                    };
                    loop {
                        let version = st.commitment(id).unwrap().version;
                        match st.add_update(&actor, id, version, &u) {
                            Ok(_) => break,
                            Err(StoreError::Conflict) => conflicts += 1,
                            Err(e) => panic!("writer {t}: {e}"),
                        }
                        assert!(conflicts < 100_000, "writer {t} never got through");
                    }
                }
                conflicts
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let n = (THREADS * EACH) as i64;
    let now = s.commitment(c.id).unwrap();
    assert_eq!(now.updates, n);
    assert_eq!(now.version, c.version + n);
    assert_eq!(s.updates(c.id).unwrap().len() as i64, n);
    assert_eq!(s.audit_count().unwrap(), audits + n);
    assert_eq!(s.verify_audit().unwrap(), None);
    assert_eq!(other.verify_audit().unwrap(), None);
}

/// The store as the server uses it: opened and called on tokio's blocking threads through
/// `AppState`, many calls at once, then dropped on an async thread when the server stops.
fn works_from_spawn_blocking_inside_tokio(h: &Harness) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let open = h.open_again.clone();
    rt.block_on(async move {
        let store = tokio::task::spawn_blocking(move || open()).await.unwrap();
        let state =
            crate::AppState::new(store, crate::Config::for_db(std::path::Path::new("x.db")));
        let d = state
            .run(|s| s.create_department(&Actor::system("t"), "市民政局"))
            .await
            .unwrap();
        let mut calls = Vec::new();
        for i in 0..16 {
            let state = state.clone();
            calls.push(tokio::spawn(async move {
                if i % 4 == 0 {
                    state
                        .run(move |s| s.create_department(&Actor::system("t"), &format!("部门{i}")))
                        .await
                        .map(|_| ())
                } else {
                    state.run(move |s| s.department(d)).await.map(|_| ())
                }
            }));
        }
        for c in calls {
            c.await.unwrap().unwrap();
        }
        let n = state
            .cached("departments".into(), |s, _| Ok(s.departments()?.len()))
            .await
            .unwrap();
        assert_eq!(*n, 5);
        drop(state);
    });
    assert_eq!(h.store.departments().unwrap().len(), 5);
    assert_eq!(h.store.verify_audit().unwrap(), None);
}

// ---- PostgreSQL only ----

mod pg_only {
    use super::*;

    /// Processes starting at once on a new database: each migration runs exactly once.
    #[test]
    #[cfg_attr(zhibiao_no_pg, ignore = "needs PostgreSQL: set ZHIBIAO_TEST_PG")]
    fn migrations_run_once_under_concurrent_opens() {
        let url = pg_url();
        let schema = Arc::new(PgSchema::create(&url));
        let opens: Vec<_> = (0..4)
            .map(|_| {
                let config = schema.config.clone();
                std::thread::spawn(move || PgStore::open_config(config).map(|_| ()))
            })
            .collect();
        for o in opens {
            o.join().unwrap().unwrap();
        }
        let mut c = schema.config.connect(::postgres::NoTls).unwrap();
        let names: Vec<String> = c
            .query("SELECT name FROM schema_migrations ORDER BY name", &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        let all: Vec<&str> = crate::store::postgres::migration_names().collect();
        assert_eq!(names, all);
        assert!(all.len() >= 2 && all[0] == "0001_init");
        // A database migrated by a newer program is refused, with a clear message.
        schema
            .exec("INSERT INTO schema_migrations VALUES ('9999_future', 0)")
            .unwrap();
        match PgStore::open_config(schema.config.clone()) {
            Err(StoreError::Internal(m)) => assert!(m.contains("9999_future"), "{m}"),
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("opened a database of a newer schema"),
        }
    }

    /// `open_url` takes a libpq URL (here with `options` for the schema), and the server's
    /// evidence files go to ./zhibiao-files or $ZHIBIAO_FILES.
    #[test]
    #[cfg_attr(zhibiao_no_pg, ignore = "needs PostgreSQL: set ZHIBIAO_TEST_PG")]
    fn open_url_takes_a_postgres_url() {
        let url = pg_url();
        let schema = PgSchema::create(&url);
        let state = crate::open_url(&schema.url).unwrap();
        assert_eq!(state.store.user_count().unwrap(), 0);
        let expected = std::env::var_os("ZHIBIAO_FILES")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| "zhibiao-files".into());
        assert_eq!(state.config.data_dir, expected);
        drop(state);
        // The tables are in the test's schema, not in public.
        let mut c = schema.config.connect(::postgres::NoTls).unwrap();
        let n: i64 = c
            .query_one(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = $1",
                &[&schema.name],
            )
            .unwrap()
            .get(0);
        assert!(n >= 10, "{n} tables in {}", schema.name);
        // A database that does not exist: one clear error.
        let mut missing = schema.config.clone();
        missing.dbname("zhibiao_no_such_database");
        match PgStore::open_config(missing) {
            Err(StoreError::Internal(m)) => assert!(m.contains("does not exist"), "{m}"),
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("opened a database that does not exist"),
        }
    }

    /// Connections that the server closed (a restart, an idle timeout, an administrator) are
    /// replaced: the next read and write go through.
    #[test]
    #[cfg_attr(zhibiao_no_pg, ignore = "needs PostgreSQL: set ZHIBIAO_TEST_PG")]
    fn dead_connections_are_replaced() {
        let url = pg_url();
        let schema = PgSchema::create(&url);
        let s = PgStore::open_config(schema.config.clone()).unwrap();
        let kill = || {
            let mut c = schema.config.connect(::postgres::NoTls).unwrap();
            let n = c
                .query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                     WHERE application_name = $1 AND pid <> pg_backend_pid()",
                    &[&schema.name],
                )
                .unwrap()
                .len();
            assert!(n > 0, "no connection to end");
            std::thread::sleep(std::time::Duration::from_millis(200));
        };
        let s = Arc::new(s);
        // Several connections in the pool, all of which die at once (as in a restart).
        let busy = || {
            let readers: Vec<_> = (0..4)
                .map(|_| {
                    let s = s.clone();
                    std::thread::spawn(move || {
                        for _ in 0..20 {
                            s.departments().unwrap();
                        }
                    })
                })
                .collect();
            for r in readers {
                r.join().unwrap();
            }
        };
        s.create_department(&admin(), "市林草局").unwrap();
        busy();
        kill();
        assert_eq!(s.departments().unwrap().len(), 1);
        busy();
        kill();
        s.create_department(&admin(), "市粮食局").unwrap();
        kill();
        let g = s.generation().unwrap();
        assert_eq!(s.generation().unwrap(), g);
        assert_eq!(s.departments().unwrap().len(), 2);
        assert_eq!(s.verify_audit().unwrap(), None);
    }

    /// Text with U+0000, which PostgreSQL cannot store: refused as the user's input, not a
    /// server error.
    #[test]
    #[cfg_attr(zhibiao_no_pg, ignore = "needs PostgreSQL: set ZHIBIAO_TEST_PG")]
    fn nul_characters_are_refused_as_input() {
        let url = pg_url();
        let schema = PgSchema::create(&url);
        let s = PgStore::open_config(schema.config.clone()).unwrap();
        assert!(matches!(
            s.create_department(&admin(), "市\0局"),
            Err(StoreError::Invalid(_))
        ));
        assert!(s.departments().unwrap().is_empty());
    }
}
