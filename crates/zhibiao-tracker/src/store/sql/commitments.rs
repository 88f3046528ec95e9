//! Commitments, their targets, departments, updates and evidence.

use std::collections::HashMap;
use zhibiao_core::{Bound, Measure, Named};

use super::{audit, check_version, params, Backend, Conn, Dialect, Param, Row, R};
use crate::domain::commitments::{sentence_starts, split_number, Target};
use crate::domain::{Rating, State};
use crate::store::{
    snapshot, Actor, Assignment, Commitment, CommitmentEdit, CommitmentStore, DeptRef, Evidence,
    Filter, NewCommitment, NewUpdate, Result, StoreError, Update, UpdateOptions,
};
use crate::util::now;

const COLUMNS: &str = "c.id, c.report_id, r.name, r.year, c.seq, c.section, c.title, c.quote,
    c.quote_offset, c.quote_len, c.lead_department_id, d.name, c.start_date, c.deadline,
    c.priority, c.state, c.percent, c.current_value, c.last_update, c.rating,
    c.rating_suggested, c.rating_note, c.version, c.created_at, c.updated_at,
    (SELECT COUNT(*) FROM updates u WHERE u.commitment_id = c.id), c.number, c.assigned_on,
    c.start_set";

const FROM: &str = "FROM commitments c JOIN reports r ON r.id = c.report_id
    LEFT JOIN departments d ON d.id = c.lead_department_id";

fn row(r: &Row) -> R<Commitment> {
    let state: String = r.get(15)?;
    let rating: Option<String> = r.get(19)?;
    let suggested: Option<String> = r.get(20)?;
    Ok(Commitment {
        id: r.get(0)?,
        report_id: r.get(1)?,
        report_name: r.get(2)?,
        report_year: r.get(3)?,
        seq: r.get(4)?,
        number: r.get(26)?,
        section: r.get(5)?,
        title: r.get(6)?,
        quote: r.get(7)?,
        quote_offset: r.get(8)?,
        quote_len: r.get(9)?,
        lead_department_id: r.get(10)?,
        lead_department: r.get(11)?,
        co_departments: Vec::new(),
        start_date: r.get(12)?,
        assigned_on: r.get(27)?,
        start_set: r.get(28)?,
        deadline: r.get(13)?,
        priority: r.get(14)?,
        state: State::parse(&state).unwrap_or(State::NotStarted),
        percent: r.get(16)?,
        current_value: r.get(17)?,
        last_update: r.get(18)?,
        rating: rating.as_deref().and_then(Rating::parse),
        rating_suggested: suggested.as_deref().and_then(Rating::parse),
        rating_note: r.get(21)?,
        version: r.get(22)?,
        created_at: r.get(23)?,
        updated_at: r.get(24)?,
        targets: Vec::new(),
        updates: r.get(25)?,
    })
}

/// When a task given lead department `lead` was assigned: today when the lead changes (the
/// department's clock starts then), as before when it stays, never while it has none.
fn assigned_on(before: &Commitment, lead: Option<i64>) -> Option<String> {
    match lead {
        None => None,
        Some(_) if lead == before.lead_department_id => before.assigned_on.clone(),
        Some(_) => Some(crate::util::today().format("%Y-%m-%d").to_string()),
    }
}

fn target_row(r: &Row) -> R<(i64, Target)> {
    let measure: String = r.get(2)?;
    let bound: String = r.get(6)?;
    Ok((
        r.get(0)?,
        Target {
            subject: r.get(1)?,
            measure: Measure::from_name(&measure).unwrap_or(Measure::Level),
            value: r.get(3)?,
            upper: r.get(4)?,
            unit: r.get(5)?,
            bound: Bound::from_name(&bound).unwrap_or(Bound::Exact),
            stretch: r.get(7)?,
            period: r.get(8)?,
            quote: r.get(9)?,
            offset: r.get::<i64>(10)?.max(0) as usize,
            indicator: r.get(11)?,
        },
    ))
}

/// The WHERE clause of a filter and its parameters.
fn where_clause(d: Dialect, f: &Filter) -> (String, Vec<Param<'static>>) {
    let mut parts = Vec::new();
    let mut params = Vec::new();
    if let Some(id) = f.report_id {
        params.push(Param::Int(id));
        parts.push(format!("c.report_id = ?{}", params.len()));
    }
    if let Some(id) = f.department_id {
        params.push(Param::Int(id));
        let n = params.len();
        parts.push(format!(
            "(c.lead_department_id = ?{n} OR EXISTS (SELECT 1 FROM commitment_departments cd WHERE cd.commitment_id = c.id AND cd.department_id = ?{n}))"
        ));
    }
    if let Some(s) = f.state {
        params.push(Param::Text(s.key().into()));
        parts.push(format!("c.state = ?{}", params.len()));
    }
    if let Some(p) = f.priority {
        params.push(Param::Int(p));
        parts.push(format!("c.priority = ?{}", params.len()));
    }
    if let Some(s) = f.section.as_deref().filter(|s| !s.is_empty()) {
        params.push(Param::Text(s.to_string().into()));
        parts.push(format!("c.section = ?{}", params.len()));
    }
    if let Some(q) = f.q.as_deref() {
        for word in q.split_whitespace().take(8) {
            params.push(d.contains_param(word));
            let n = params.len();
            let any: Vec<String> = ["c.title", "c.quote", "c.section", "d.name"]
                .iter()
                .map(|col| d.contains(col, n))
                .collect();
            parts.push(format!("({})", any.join(" OR ")));
        }
    }
    if parts.is_empty() {
        (String::new(), params)
    } else {
        (format!("WHERE {}", parts.join(" AND ")), params)
    }
}

fn load(tx: &mut dyn Conn, f: &Filter, only: Option<i64>) -> R<Vec<Commitment>> {
    let (mut clause, mut params) = where_clause(tx.dialect(), f);
    if let Some(id) = only {
        params.push(Param::Int(id));
        let cond = format!("c.id = ?{}", params.len());
        clause = if clause.is_empty() {
            format!("WHERE {cond}")
        } else {
            format!("{clause} AND {cond}")
        };
    }
    let sql = format!("SELECT {COLUMNS} {FROM} {clause} ORDER BY c.report_id DESC, c.seq, c.id");
    let mut list: Vec<Commitment> = tx.query(&sql, &params)?.iter().map(row).collect::<R<_>>()?;
    if list.is_empty() {
        return Ok(list);
    }
    let ids = format!("SELECT c.id {FROM} {clause}");
    let mut co: HashMap<i64, Vec<DeptRef>> = HashMap::new();
    let rows = tx.query(
        &format!(
            "SELECT cd.commitment_id, dd.id, dd.name FROM commitment_departments cd
             JOIN departments dd ON dd.id = cd.department_id
             WHERE cd.commitment_id IN ({ids}) ORDER BY dd.name COLLATE \"C\""
        ),
        &params,
    )?;
    for r in &rows {
        co.entry(r.get(0)?).or_default().push(DeptRef {
            id: r.get(1)?,
            name: r.get(2)?,
        });
    }
    let mut targets: HashMap<i64, Vec<Target>> = HashMap::new();
    let rows = tx.query(
        &format!(
            "SELECT t.commitment_id, t.subject, t.measure, t.value, t.upper, t.unit, t.bound, t.stretch,
                    t.period, t.quote, t.quote_offset, t.indicator
             FROM targets t WHERE t.commitment_id IN ({ids}) ORDER BY t.quote_offset, t.id"
        ),
        &params,
    )?;
    for r in &rows {
        let (cid, t) = target_row(r)?;
        targets.entry(cid).or_default().push(t);
    }
    for c in &mut list {
        c.co_departments = co.remove(&c.id).unwrap_or_default();
        c.targets = targets.remove(&c.id).unwrap_or_default();
    }
    Ok(list)
}

/// One commitment, with its departments and targets.
pub(super) fn load_one(tx: &mut dyn Conn, id: i64) -> R<Commitment> {
    load(tx, &Filter::default(), Some(id))?
        .pop()
        .ok_or(StoreError::NotFound.into())
}

/// The columns of a new commitment.
pub(super) struct Insert<'a> {
    pub report_id: i64,
    pub seq: i64,
    pub number: &'a str,
    pub section: &'a str,
    pub title: &'a str,
    pub quote: &'a str,
    pub quote_offset: i64,
    pub quote_len: i64,
    pub lead_department_id: Option<i64>,
    pub co_department_ids: &'a [i64],
    pub start_date: &'a str,
    pub deadline: &'a str,
    pub priority: i64,
    pub targets: &'a [Target],
}

pub(super) fn insert_commitment(tx: &mut dyn Conn, c: &Insert) -> R<i64> {
    let t = now();
    let id: i64 = tx.value(
        "INSERT INTO commitments (report_id, seq, section, title, quote, quote_offset, quote_len,
                lead_department_id, start_date, deadline, priority, created_at, updated_at, number,
                assigned_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14) RETURNING id",
        params![
            c.report_id,
            c.seq,
            c.section,
            c.title,
            c.quote,
            c.quote_offset,
            c.quote_len,
            c.lead_department_id,
            c.start_date,
            c.deadline,
            c.priority,
            t,
            c.number,
            c.lead_department_id
                .map(|_| crate::util::today().format("%Y-%m-%d").to_string()),
        ],
    )?;
    set_co_departments(tx, id, c.co_department_ids, c.lead_department_id)?;
    insert_targets(tx, id, c.targets)?;
    Ok(id)
}

fn insert_targets(tx: &mut dyn Conn, id: i64, targets: &[Target]) -> R<()> {
    for t in targets {
        tx.execute(
            "INSERT INTO targets (commitment_id, subject, measure, value, upper, unit, bound, stretch, period, quote, quote_offset, indicator)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                id,
                t.subject,
                t.measure.name(),
                t.value,
                t.upper,
                t.unit,
                t.bound.name(),
                t.stretch,
                t.period,
                t.quote,
                (t.offset as i64),
                t.indicator,
            ],
        )?;
    }
    Ok(())
}

fn set_co_departments(tx: &mut dyn Conn, id: i64, ids: &[i64], lead: Option<i64>) -> R<()> {
    tx.execute(
        "DELETE FROM commitment_departments WHERE commitment_id = ?1",
        params![id],
    )?;
    for d in ids {
        if Some(*d) == lead {
            continue;
        }
        tx.execute(
            "INSERT INTO commitment_departments (commitment_id, department_id) VALUES (?1, ?2)
             ON CONFLICT DO NOTHING",
            params![id, d],
        )?;
    }
    Ok(())
}

fn departments_exist(tx: &mut dyn Conn, lead: Option<i64>, co: &[i64]) -> R<()> {
    for id in lead.iter().chain(co) {
        if tx
            .opt("SELECT 1 FROM departments WHERE id = ?1", params![id])?
            .is_none()
        {
            return Err(StoreError::Invalid("所选部门不存在".into()).into());
        }
    }
    Ok(())
}

fn update_row(r: &Row) -> R<Update> {
    let state: String = r.get(7)?;
    let (id, commitment_id): (i64, i64) = (r.get(0)?, r.get(1)?);
    let evidence = match r.get::<Option<i64>>(10)? {
        Some(eid) => Some(Evidence {
            id: eid,
            update_id: id,
            commitment_id,
            stored_name: r.get(11)?,
            file_name: r.get(12)?,
            mime: r.get(13)?,
            size: r.get(14)?,
        }),
        None => None,
    };
    Ok(Update {
        id,
        commitment_id,
        author_name: r.get(2)?,
        date: r.get(3)?,
        value: r.get(4)?,
        percent: r.get(5)?,
        narrative: r.get(6)?,
        state: State::parse(&state).unwrap_or(State::InProgress),
        link: r.get(8)?,
        created_at: r.get(9)?,
        evidence,
    })
}

impl<B: Backend> CommitmentStore for B {
    fn generation(&self) -> Result<Option<u64>> {
        self.data_generation().map(Some)
    }

    fn commitments(&self, filter: &Filter) -> Result<Vec<Commitment>> {
        self.read(|tx| load(tx, filter, None))
    }

    fn commitment(&self, id: i64) -> Result<Commitment> {
        self.read(|tx| load_one(tx, id))
    }

    fn create_commitment(&self, actor: &Actor, new: &NewCommitment) -> Result<i64> {
        self.write(|tx| {
            departments_exist(tx, new.lead_department_id, &new.co_department_ids)?;
            let year: Option<i32> = match tx.opt(
                "SELECT year FROM reports WHERE id = ?1",
                params![new.report_id],
            )? {
                Some(r) => r.get(0)?,
                None => return Err(StoreError::Invalid("所选报告不存在".into()).into()),
            };
            let seq: i64 = tx.value(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM commitments WHERE report_id = ?1",
                params![new.report_id],
            )?;
            let y = year.unwrap_or_else(|| {
                crate::util::today()
                    .format("%Y")
                    .to_string()
                    .parse()
                    .unwrap_or(2000)
            });
            let start = format!("{y}-01-01");
            let deadline = new.deadline.clone().unwrap_or_else(|| format!("{y}-12-31"));
            let id = insert_commitment(
                tx,
                &Insert {
                    report_id: new.report_id,
                    seq,
                    number: "",
                    section: &new.section,
                    title: &new.title,
                    quote: &new.title,
                    quote_offset: 0,
                    quote_len: 0,
                    lead_department_id: new.lead_department_id,
                    co_department_ids: &new.co_department_ids,
                    start_date: &start,
                    deadline: &deadline,
                    priority: new.priority,
                    targets: &[],
                },
            )?;
            let after = load_one(tx, id)?;
            audit(
                tx,
                actor,
                "create",
                "commitment",
                Some(id),
                None,
                Some(&snapshot(&after)),
            )?;
            Ok(id)
        })
    }

    fn edit_commitment(
        &self,
        actor: &Actor,
        id: i64,
        version: i64,
        e: &CommitmentEdit,
    ) -> Result<()> {
        self.write(|tx| {
            check_version(tx, "commitments", id, version)?;
            departments_exist(tx, e.lead_department_id, &e.co_department_ids)?;
            let before = load_one(tx, id)?;
            // A new state must agree with the progress (or be the office's explicit exception).
            let percent = if e.state == before.state {
                before.percent
            } else {
                crate::domain::workflow::agree(e.state, before.percent, e.state_override)
                    .map_err(StoreError::Invalid)?
            };
            let assigned_on = assigned_on(&before, e.lead_department_id);
            let (start, start_set) = match &e.start_date {
                Some(d) => (d.clone(), true),
                None => (before.start_date.clone(), false),
            };
            tx.execute(
                "UPDATE commitments SET title = ?1, section = ?2, lead_department_id = ?3, deadline = ?4,
                    priority = ?5, state = ?6, version = version + 1, updated_at = ?7, percent = ?8,
                    assigned_on = ?9, start_date = ?10, start_set = ?11 WHERE id = ?12",
                params![e.title, e.section, e.lead_department_id, e.deadline, e.priority, e.state.key(), now(),
                    percent, assigned_on, start, start_set, id],
            )?;
            set_co_departments(tx, id, &e.co_department_ids, e.lead_department_id)?;
            let after = load_one(tx, id)?;
            let mut after = snapshot(&after);
            if e.state_override && e.state != before.state {
                after["state_override"] = true.into();
            }
            audit(tx, actor, "edit", "commitment", Some(id), Some(&snapshot(&before)), Some(&after))?;
            Ok(())
        })
    }

    fn delete_commitment(&self, actor: &Actor, id: i64, version: i64) -> Result<Vec<String>> {
        self.write(|tx| {
            check_version(tx, "commitments", id, version)?;
            let before = load_one(tx, id)?;
            let files = tx
                .query(
                    "SELECT e.stored_name FROM evidence e JOIN updates u ON u.id = e.update_id WHERE u.commitment_id = ?1",
                    params![id],
                )?
                .iter()
                .map(|r| r.get(0))
                .collect::<R<Vec<String>>>()?;
            tx.execute("DELETE FROM commitments WHERE id = ?1", params![id])?;
            audit(tx, actor, "delete", "commitment", Some(id), Some(&snapshot(&before)), None)?;
            Ok(files)
        })
    }

    fn merge_commitments(&self, actor: &Actor, keep: (i64, i64), other: (i64, i64)) -> Result<()> {
        if keep.0 == other.0 {
            return Err(StoreError::Invalid("不能与自身合并".into()));
        }
        self.write(|tx| {
            check_version(tx, "commitments", keep.0, keep.1)?;
            check_version(tx, "commitments", other.0, other.1)?;
            let a = load_one(tx, keep.0)?;
            let b = load_one(tx, other.0)?;
            if a.report_id != b.report_id {
                return Err(StoreError::Invalid("只能合并同一报告中的任务".into()).into());
            }
            let title = format!("{}{}", a.title, b.title);
            tx.execute(
                "UPDATE commitments SET title = ?1, version = version + 1, updated_at = ?2 WHERE id = ?3",
                params![title, now(), a.id],
            )?;
            tx.execute("UPDATE targets SET commitment_id = ?1 WHERE commitment_id = ?2", params![a.id, b.id])?;
            tx.execute("UPDATE updates SET commitment_id = ?1 WHERE commitment_id = ?2", params![a.id, b.id])?;
            let mut co: Vec<i64> = a.co_departments.iter().map(|d| d.id).collect();
            co.extend(b.co_departments.iter().map(|d| d.id));
            co.extend(b.lead_department_id);
            set_co_departments(tx, a.id, &co, a.lead_department_id)?;
            tx.execute("DELETE FROM commitments WHERE id = ?1", params![b.id])?;
            let after = load_one(tx, a.id)?;
            let before = serde_json::json!({ "keep": snapshot(&a), "merged": snapshot(&b) });
            audit(tx, actor, "merge", "commitment", Some(a.id), Some(&before), Some(&snapshot(&after)))?;
            Ok(())
        })
    }

    fn split_commitment(
        &self,
        actor: &Actor,
        id: i64,
        version: i64,
        title_a: &str,
        title_b: &str,
        at: Option<usize>,
    ) -> Result<i64> {
        self.write(|tx| {
            check_version(tx, "commitments", id, version)?;
            let c = load_one(tx, id)?;
            let chars: Vec<char> = c.quote.chars().collect();
            let (quote_a, quote_b, offset_b) = match at {
                Some(at) => {
                    if c.quote_len == 0 || !sentence_starts(&c.quote).contains(&at) {
                        return Err(StoreError::Invalid(
                            "只能在任务原文的句子之间拆分".into(),
                        )
                        .into());
                    }
                    let a: String = chars[..at].iter().collect();
                    let b: String = chars[at..].iter().collect();
                    (a.trim_end().to_string(), b, c.quote_offset + at as i64)
                }
                None => (c.quote.clone(), c.quote.clone(), c.quote_offset),
            };
            let len_a = if c.quote_len == 0 { 0 } else { quote_a.chars().count() as i64 };
            let len_b = if c.quote_len == 0 { 0 } else { quote_b.chars().count() as i64 };
            let (moved, kept): (Vec<Target>, Vec<Target>) =
                c.targets.iter().cloned().partition(|t| match at {
                    Some(_) => t.offset as i64 >= offset_b,
                    None => title_b.contains(&t.quote) && !title_a.contains(&t.quote),
                });
            tx.execute(
                "UPDATE commitments SET title = ?1, quote = ?2, quote_len = ?3, version = version + 1, updated_at = ?4 WHERE id = ?5",
                params![title_a, quote_a, len_a, now(), id],
            )?;
            tx.execute("DELETE FROM targets WHERE commitment_id = ?1", params![id])?;
            insert_targets(tx, id, &kept)?;
            let mut number = String::new();
            if !c.number.is_empty() {
                for n in 2.. {
                    let candidate = split_number(&c.number, n);
                    let taken = tx
                        .opt(
                            "SELECT 1 FROM commitments WHERE report_id = ?1 AND number = ?2",
                            params![c.report_id, candidate],
                        )?
                        .is_some();
                    if !taken {
                        number = candidate;
                        break;
                    }
                }
            }
            let co: Vec<i64> = c.co_departments.iter().map(|d| d.id).collect();
            let new_id = insert_commitment(
                tx,
                &Insert {
                    report_id: c.report_id,
                    seq: c.seq,
                    number: &number,
                    section: &c.section,
                    title: title_b,
                    quote: &quote_b,
                    quote_offset: offset_b,
                    quote_len: len_b,
                    lead_department_id: c.lead_department_id,
                    co_department_ids: &co,
                    start_date: &c.start_date,
                    deadline: &c.deadline,
                    priority: c.priority,
                    targets: &moved,
                },
            )?;
            let after = serde_json::json!({
                "kept": snapshot(&load_one(tx, id)?),
                "new": snapshot(&load_one(tx, new_id)?),
            });
            audit(tx, actor, "split", "commitment", Some(id), Some(&snapshot(&c)), Some(&after))?;
            Ok(new_id)
        })
    }

    fn assign_commitments(
        &self,
        actor: &Actor,
        items: &[(i64, i64)],
        a: &Assignment,
    ) -> Result<usize> {
        if a.is_empty() {
            return Err(StoreError::Invalid(
                "请至少选择牵头单位、责任单位、完成时限或优先级中的一项".into(),
            ));
        }
        self.write(|tx| {
            departments_exist(tx, a.lead_department_id, &a.co_department_ids)?;
            let mut done = 0;
            for &(id, version) in items {
                check_version(tx, "commitments", id, version)?;
                let before = load_one(tx, id)?;
                let lead = a.lead_department_id.or(before.lead_department_id);
                let deadline = a
                    .deadline
                    .clone()
                    .unwrap_or_else(|| before.deadline.clone());
                let priority = a.priority.unwrap_or(before.priority);
                let assigned_on = assigned_on(&before, lead);
                tx.execute(
                    "UPDATE commitments SET lead_department_id = ?1, deadline = ?2, priority = ?3,
                        version = version + 1, updated_at = ?4, assigned_on = ?5 WHERE id = ?6",
                    params![lead, deadline, priority, now(), assigned_on, id],
                )?;
                let co: Vec<i64> = if a.co_department_ids.is_empty() {
                    before.co_departments.iter().map(|d| d.id).collect()
                } else {
                    a.co_department_ids.clone()
                };
                set_co_departments(tx, id, &co, lead)?;
                let after = load_one(tx, id)?;
                audit(
                    tx,
                    actor,
                    "assign",
                    "commitment",
                    Some(id),
                    Some(&snapshot(&before)),
                    Some(&snapshot(&after)),
                )?;
                done += 1;
            }
            Ok(done)
        })
    }

    fn set_numbers(
        &self,
        actor: &Actor,
        report_id: i64,
        numbers: &[(i64, String)],
    ) -> Result<usize> {
        self.write(|tx| {
            let mut set = serde_json::Map::new();
            for (id, number) in numbers {
                let n = tx.execute(
                    "UPDATE commitments SET number = ?1, version = version + 1, updated_at = ?2
                     WHERE id = ?3 AND report_id = ?4 AND number = ''",
                    params![number, now(), id, report_id],
                )?;
                if n > 0 {
                    set.insert(id.to_string(), serde_json::json!(number));
                }
            }
            if !set.is_empty() {
                let after = serde_json::Value::Object(set.clone());
                audit(
                    tx,
                    actor,
                    "number",
                    "report",
                    Some(report_id),
                    None,
                    Some(&after),
                )?;
            }
            Ok(set.len())
        })
    }

    fn confirm_rating(
        &self,
        actor: &Actor,
        id: i64,
        version: i64,
        rating: Option<Rating>,
    ) -> Result<()> {
        self.write(|tx| {
            check_version(tx, "commitments", id, version)?;
            let before = load_one(tx, id)?;
            tx.execute(
                "UPDATE commitments SET rating = ?1, version = version + 1, updated_at = ?2 WHERE id = ?3",
                params![rating.map(Rating::key), now(), id],
            )?;
            let after = load_one(tx, id)?;
            audit(tx, actor, "rate", "commitment", Some(id), Some(&snapshot(&before)), Some(&snapshot(&after)))?;
            Ok(())
        })
    }

    fn updates(&self, commitment_id: i64) -> Result<Vec<Update>> {
        self.read(|tx| {
            tx.query(
                "SELECT u.id, u.commitment_id, u.author_name, u.date, u.value, u.percent, u.narrative, u.state,
                        u.link, u.created_at, e.id, e.stored_name, e.file_name, e.mime, e.size
                 FROM updates u LEFT JOIN evidence e ON e.update_id = u.id
                 WHERE u.commitment_id = ?1 ORDER BY u.date COLLATE \"C\" DESC, u.id DESC",
                params![commitment_id],
            )?
            .iter()
            .map(update_row)
            .collect()
        })
    }

    fn submit_update(
        &self,
        actor: &Actor,
        commitment_id: i64,
        version: i64,
        u: &NewUpdate,
        data: Option<&[u8]>,
        opts: &UpdateOptions,
    ) -> Result<i64> {
        if let Some(data) = data {
            let Some(e) = &u.evidence else {
                return Err(StoreError::Internal(
                    "evidence bytes without evidence".into(),
                ));
            };
            if data.len() as i64 != e.size || crate::util::sha256_hex(data) != e.sha256 {
                return Err(StoreError::Internal(
                    "evidence bytes that do not match their size or SHA-256".into(),
                ));
            }
        }
        self.write(|tx| {
            check_version(tx, "commitments", commitment_id, version)?;
            let before = load_one(tx, commitment_id)?;
            let t = now();
            let update_id: i64 = tx.value(
                    "INSERT INTO updates (commitment_id, author_id, author_name, date, value, percent, state, narrative, link, created_at, state_override)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
                    params![commitment_id, actor.user_id, actor.name, u.date, u.value, u.percent, u.state.key(), u.narrative, u.link, t, opts.state_override],
                )?;
            if let Some(e) = &u.evidence {
                let evidence_id: i64 = tx.value(
                    "INSERT INTO evidence (update_id, stored_name, file_name, mime, size, sha256)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                    params![update_id, e.stored_name, e.file_name, e.mime, e.size, e.sha256],
                )?;
                if let Some(data) = data {
                    tx.execute(
                        "INSERT INTO evidence_data (evidence_id, data) VALUES (?1, ?2)",
                        &[Param::Int(evidence_id), Param::Blob(data.into())],
                    )?;
                }
            }
            let last = match &before.last_update {
                Some(d) if d.as_str() > u.date.as_str() => d.clone(),
                _ => u.date.clone(),
            };
            tx.execute(
                "UPDATE commitments SET percent = COALESCE(?1, percent), current_value = COALESCE(?2, current_value),
                    last_update = ?3, state = ?4, version = version + 1, updated_at = ?5 WHERE id = ?6",
                params![u.percent, u.value, last, u.state.key(), t, commitment_id],
            )?;
            let answered = if opts.answers_reminders {
                tx.execute(
                    "UPDATE reminders SET answered_at = ?1, update_id = ?2
                     WHERE commitment_id = ?3 AND answered_at IS NULL",
                    params![t, update_id, commitment_id],
                )?
            } else {
                0
            };
            if let Some(reason) = &opts.close_request {
                super::requests::insert_request(
                    tx,
                    actor,
                    &before,
                    crate::store::RequestKind::Close,
                    reason,
                    None,
                )?;
            }
            let after = load_one(tx, commitment_id)?;
            let mut after = snapshot(&after);
            after["update"] = serde_json::json!({
                "id": update_id, "date": u.date, "value": u.value, "percent": u.percent,
                "state": u.state, "narrative": u.narrative, "link": u.link,
                "evidence": u.evidence.as_ref().map(|e| &e.file_name),
            });
            if opts.state_override {
                after["update"]["state_override"] = true.into();
            }
            if opts.close_request.is_some() {
                after["update"]["close_request"] = true.into();
            }
            if answered > 0 {
                after["update"]["answered_reminders"] = answered.into();
            }
            audit(tx, actor, "update", "commitment", Some(commitment_id), Some(&snapshot(&before)), Some(&after))?;
            Ok(update_id)
        })
    }

    fn evidence(&self, id: i64) -> Result<Evidence> {
        self.read(|tx| {
            let r = tx.one(
                "SELECT e.id, e.update_id, u.commitment_id, e.stored_name, e.file_name, e.mime, e.size
                 FROM evidence e JOIN updates u ON u.id = e.update_id WHERE e.id = ?1",
                params![id],
            )?;
            Ok(Evidence {
                id: r.get(0)?,
                update_id: r.get(1)?,
                commitment_id: r.get(2)?,
                stored_name: r.get(3)?,
                file_name: r.get(4)?,
                mime: r.get(5)?,
                size: r.get(6)?,
            })
        })
    }

    fn evidence_data(&self, id: i64) -> Result<Option<Vec<u8>>> {
        self.read(|tx| {
            match tx.opt(
                "SELECT data FROM evidence_data WHERE evidence_id = ?1",
                params![id],
            )? {
                Some(r) => Ok(Some(r.get(0)?)),
                None => Ok(None),
            }
        })
    }

    fn evidence_chunk(&self, id: i64, offset: u64, len: u32) -> Result<Option<Vec<u8>>> {
        // substr() counts bytes of a BLOB (SQLite) and of a bytea (PostgreSQL) from 1. On
        // PostgreSQL only the slice is read from the (TOASTed, uncompressed: see migration
        // 0005) value, so a chunk costs its own size, not the file's. SQLite reads the whole
        // value for each substr(), so there a file of n chunks is read n times (measured in
        // `evidence_storage_figures`); a SQLite tracker keeps its evidence beside the
        // database (README, "Evidence on SQLite"), so this serves only one set up otherwise.
        let from = i64::try_from(offset)
            .ok()
            .and_then(|o| o.checked_add(1))
            .ok_or_else(|| StoreError::Internal("evidence offset out of range".into()))?;
        self.read(|tx| {
            match tx.opt(
                "SELECT substr(data, ?2, ?3) FROM evidence_data WHERE evidence_id = ?1",
                params![id, from, i64::from(len)],
            )? {
                Some(r) => Ok(Some(r.get(0)?)),
                None => Ok(None),
            }
        })
    }

    fn evidence_summary(&self) -> Result<HashMap<i64, Vec<String>>> {
        self.read(|tx| {
            let rows = tx.query(
                "SELECT u.commitment_id, e.file_name, u.link FROM updates u LEFT JOIN evidence e ON e.update_id = u.id
                 WHERE e.id IS NOT NULL OR u.link IS NOT NULL ORDER BY u.date COLLATE \"C\" DESC, u.id DESC",
                &[],
            )?;
            let mut out: HashMap<i64, Vec<String>> = HashMap::new();
            for r in &rows {
                let e = out.entry(r.get(0)?).or_default();
                e.extend(r.get::<Option<String>>(1)?);
                e.extend(r.get::<Option<String>>(2)?);
            }
            Ok(out)
        })
    }
}
