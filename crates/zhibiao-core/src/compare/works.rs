//! Pairing facts that have no indicator: subjects reduced to the works they name
//! ([`works_key`]), compared by their characters ([`same_works`]) and by the stage of the works
//! (started or finished, [`same_stage`]).

use crate::indicator::normalize;
use crate::Fact;

/// Whether two subjects with no indicator name the same works once normalised
/// ([`works_key`]): the same key; or one key's characters all in the other's (改造棚户区 /
/// 棚户区改造; 现代牧场 / 现代化牧场), sharing at least half of all their characters; never a
/// generic key (投资, 二期) or one of fewer than three characters (大唐 700万吨 is a mine's
/// name, 大棚 too short to tell).
pub(super) fn same_works(a: &str, b: &str) -> bool {
    // The same subject of three chars or more (铁路投资, whose key 铁路 is short) is the same.
    let (na, nb) = (subject_key(a), subject_key(b));
    if na == nb && na.chars().count() >= 3 && !crate::subject::is_generic(&na) {
        return true;
    }
    let (ka, kb) = (works_key(a), works_key(b));
    if ka.chars().count() < 3
        || kb.chars().count() < 3
        || crate::subject::is_generic(&ka)
        || crate::subject::is_generic(&kb)
    {
        return false;
    }
    // An amount invested pairs only with an amount invested.
    if a.ends_with("投资") != b.ends_with("投资") {
        return false;
    }
    if ka == kb {
        return true;
    }
    let sa: std::collections::BTreeSet<char> = ka.chars().collect();
    let sb: std::collections::BTreeSet<char> = kb.chars().collect();
    let inter = sa.intersection(&sb).count();
    let small = sa.len().min(sb.len());
    inter == small && small >= 2 && jaccard(&ka, &kb) >= 0.5
}

/// The stage of works a fact speaks of: started (启动, 开工) or finished (完成, 建成, 竣工).
fn stage(f: &Fact) -> Option<bool> {
    let t = format!("{}{}", f.quote, f.subject);
    let started = crate::lexicon::get()
        .compare
        .works_started
        .iter()
        .any(|w| t.contains(w));
    let finished = crate::lexicon::get()
        .compare
        .works_finished
        .iter()
        .any(|w| t.contains(w));
    match (started, finished) {
        (true, false) => Some(false),
        (false, true) => Some(true),
        _ => None,
    }
}

/// A target to start works (启动8家企业迁建) is not met by works finished (5家企业完成迁建),
/// nor the other way round.
pub(super) fn same_stage(t: &Fact, o: &Fact) -> bool {
    match (stage(t), stage(o)) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// Words of a deed, not of the works: stripped from the start of a subject.
fn deed_openings() -> &'static [&'static str] {
    crate::lexicon::get().compare.deed_openings
}

/// Words of a deed or a state reached: stripped from the end of a subject.
fn deed_endings() -> &'static [&'static str] {
    crate::lexicon::get().compare.deed_endings
}

/// A subject reduced to the works it names: its last list item (（只）、蔬菜产量 → 蔬菜产量),
/// without the scope (全区, 自治区), the words of the deed (加快推进, 完成, 新建, 建成并投入
/// 使用, 控制到), 的/并/进行, and 项目/工程/投资 at its end.
pub(super) fn works_key(s: &str) -> String {
    let k = subject_key(s);
    let k = k
        .rsplit(['、', '，', ',', '；', '：', ')', '）'])
        .next()
        .unwrap_or(&k);
    let mut k: String = k
        .chars()
        .filter(|c| !"的并“”\"'（）()".contains(*c))
        .collect::<String>()
        .replace("进行", "");
    for &p in crate::lexicon::get().compare.key_openings {
        if let Some(b) = k.strip_prefix(p) {
            k = b.to_string();
        }
    }
    loop {
        let before = k.len();
        for w in deed_openings() {
            if let Some(b) = k.strip_prefix(w) {
                if b.chars().count() >= 2 {
                    k = b.to_string();
                }
            }
        }
        for w in deed_endings() {
            if let Some(b) = k.strip_suffix(w) {
                if b.chars().count() >= 2 {
                    k = b.to_string();
                }
            }
        }
        if k.len() == before {
            return k;
        }
    }
}

/// A subject reduced for pairing facts that have no indicator.
fn subject_key(s: &str) -> String {
    let mut k = normalize(s);
    for &p in crate::lexicon::get().compare.subject_scopes {
        if let Some(b) = k.strip_prefix(p) {
            k = b.to_string();
        }
    }
    // 重点项目完成年度投资220亿元 ↔ 重点项目完成投资231亿元: the year's plan is what the
    // amount invested is set against, not another amount.
    for plan in ["年度计划投资", "年度投资", "计划投资"] {
        if let Some(b) = k.strip_suffix(plan) {
            k = format!("{b}投资");
            break;
        }
    }
    k
}

/// The share of characters two strings have in common (intersection over union of their
/// character sets; 0 for two empty strings).
pub(super) fn jaccard(a: &str, b: &str) -> f64 {
    let a: std::collections::BTreeSet<char> = a.chars().collect();
    let b: std::collections::BTreeSet<char> = b.chars().collect();
    let u = a.union(&b).count();
    if u == 0 {
        0.0
    } else {
        a.intersection(&b).count() as f64 / u as f64
    }
}
