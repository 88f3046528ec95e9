use super::*;
use crate::domain::{Rating, State};
use crate::import::{import_bytes, ImportError};
use crate::store::*;

const JIANGMEN: &[u8] = include_bytes!("../../../../../tests/data/jiangmen-2023.txt");
const HAILAR_2015: &[u8] = include_bytes!("../../../../../tests/data/hailar-2015.txt");
const HAILAR_2016: &[u8] = include_bytes!("../../../../../tests/data/hailar-2016.txt");

fn store() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let s = SqliteStore::open(&dir.path().join("t.db")).unwrap();
    (dir, s)
}

fn admin() -> Actor {
    Actor {
        user_id: None,
        name: "测试".into(),
    }
}

#[test]
fn import_stores_commitments_once() {
    let (_d, s) = store();
    let r = import_bytes(&s, &admin(), JIANGMEN, "jiangmen-2023.txt").unwrap();
    assert!(r.commitments >= 30);
    let list = s.commitments(&Filter::default()).unwrap();
    assert_eq!(list.len(), r.commitments);
    assert!(list
        .iter()
        .all(|c| c.deadline == "2023-12-31" && c.version == 1));
    assert!(list.iter().any(|c| !c.targets.is_empty()));
    let again = import_bytes(&s, &admin(), JIANGMEN, "copy.txt");
    assert!(matches!(again, Err(ImportError::Duplicate { .. })));
    assert_eq!(s.reports().unwrap().len(), 1);
    // Reopening keeps everything and runs no migration twice.
    let path = s.path().to_path_buf();
    drop(s);
    let s = SqliteStore::open(&path).unwrap();
    assert_eq!(
        s.commitments(&Filter::default()).unwrap().len(),
        r.commitments
    );
}

#[test]
fn non_reports_are_refused_and_nothing_is_stored() {
    let (_d, s) = store();
    for (bytes, name) in [
        (&b""[..], "empty.txt"),
        (&b"%PDF-1.4 \x00\x01\x02 garbage"[..], "x.pdf"),
        ("这是一份购物清单：苹果、香蕉。".as_bytes(), "list.txt"),
        (&[0xff, 0xfe, 0x00, 0xd8, 0x00][..], "bad.txt"),
    ] {
        assert!(import_bytes(&s, &admin(), bytes, name).is_err(), "{name}");
    }
    assert!(s.reports().unwrap().is_empty());
    assert_eq!(s.audit_count().unwrap(), 0);
}

#[test]
fn edits_check_the_version_and_are_audited() {
    let (_d, s) = store();
    import_bytes(&s, &admin(), JIANGMEN, "jiangmen-2023.txt").unwrap();
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
    // Audit: import, 2 departments, 1 edit; chain intact; no UPDATE or DELETE possible.
    assert_eq!(s.audit_count().unwrap(), 4);
    let last = &s.audit(1, 0).unwrap()[0];
    assert_eq!(last.action, "edit");
    assert!(last.before.as_deref().unwrap().contains(&c.title));
    assert!(last.after.as_deref().unwrap().contains("新标题"));
    assert_eq!(s.verify_audit().unwrap(), None);
    let w = s.writer.lock().unwrap();
    assert!(w
        .execute("UPDATE audit_log SET user_name = 'x'", [])
        .is_err());
    assert!(w.execute("DELETE FROM audit_log", []).is_err());
}

#[test]
fn updates_move_progress_and_keep_a_timeline() {
    let (_d, s) = store();
    import_bytes(&s, &admin(), JIANGMEN, "jiangmen-2023.txt").unwrap();
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
    let ups = s.updates(c.id).unwrap();
    assert_eq!(ups.len(), 1);
    let e = ups[0].evidence.as_ref().unwrap();
    assert_eq!(s.evidence(e.id).unwrap().stored_name, "abc");
    assert_eq!(s.evidence_summary().unwrap()[&c.id].len(), 2);
    // Deleting the commitment returns its files and removes its updates.
    assert_eq!(
        s.delete_commitment(&admin(), c.id, now.version).unwrap(),
        vec!["abc".to_string()]
    );
    assert_eq!(s.commitment(c.id), Err(StoreError::NotFound));
    assert_eq!(s.evidence(e.id), Err(StoreError::NotFound));
}

#[test]
fn merge_and_split() {
    let (_d, s) = store();
    import_bytes(&s, &admin(), JIANGMEN, "jiangmen-2023.txt").unwrap();
    let list = s.commitments(&Filter::default()).unwrap();
    let n = list.len();
    let (a, b) = (&list[0], &list[1]);
    s.merge_commitments(&admin(), (a.id, a.version), (b.id, b.version))
        .unwrap();
    let m = s.commitment(a.id).unwrap();
    assert_eq!(m.title, format!("{}{}", a.title, b.title));
    assert_eq!(m.targets.len(), a.targets.len() + b.targets.len());
    assert_eq!(s.commitments(&Filter::default()).unwrap().len(), n - 1);
    let new = s
        .split_commitment(&admin(), a.id, m.version, &a.title, &b.title)
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

#[test]
fn the_next_years_report_suggests_ratings() {
    let (_d, s) = store();
    import_bytes(&s, &admin(), HAILAR_2015, "hailar-2015.txt").unwrap();
    let r = import_bytes(&s, &admin(), HAILAR_2016, "hailar-2016.txt").unwrap();
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
}

#[test]
fn departments_with_users_cannot_be_deleted() {
    let (_d, s) = store();
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
}

#[test]
fn sessions_expire() {
    let (_d, s) = store();
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
}
