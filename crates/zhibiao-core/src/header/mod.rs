//! Which report is which: region, level and title from the words every report uses about
//! itself, whatever its header looks like — the meeting line (在XX第N届人民代表大会第M次会议上),
//! the title (XX政府工作报告), the speaker (XX省省长 王某), the opening (我代表XX人民政府 /
//! 我代表国务院). A web copy's page boilerplate is no header: only lines shaped like those are
//! read, and a greeting or a heading is never a region. Part of stage 3 ([`crate::document`]).
//!
//! Region names follow the administrative suffixes (省, 自治区, 市, 自治州, 地区, 盟, 县, 旗, 区 …),
//! not a list of places, so any of the ~2,800 counties and ~330 cities is read the same way. A
//! name given with its parents (呼伦贝尔市海拉尔区) is the place itself (海拉尔区): see
//! [`own_name`].

use serde::{Deserialize, Serialize};

/// Level of the government that delivered a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    National,
    Province,
    Prefecture,
    County,
}

impl Level {
    /// The name in every output (`prefecture`), as serde writes it.
    pub const fn name(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Province => "province",
            Level::Prefecture => "prefecture",
            Level::County => "county",
        }
    }
}

/// The region of a national report.
pub const NATIONAL: &str = "全国";

/// Administrative suffixes, longest first.
fn suffixes() -> &'static [&'static str] {
    crate::lexicon::get().header.suffixes
}

/// Suffixes of a unit that has others beneath it (a parent in 呼伦贝尔市海拉尔区).
fn parent_suffixes() -> &'static [&'static str] {
    crate::lexicon::get().header.parent_suffixes
}

/// Words that stand before a suffix without naming a place (全区, 本市, 我县, 该省 …).
fn not_a_stem() -> &'static [&'static str] {
    crate::lexicon::get().header.not_a_stem
}

/// Words that never stand in a region's name (a greeting, a heading, a caption).
fn not_in_name() -> &'static [&'static str] {
    crate::lexicon::get().header.not_in_name
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·'
}

/// The suffix `name` ends with, if it ends with one.
fn suffix_of(name: &str) -> Option<&'static str> {
    suffixes().iter().copied().find(|s| name.ends_with(s))
}

/// Whether `name` reads as one administrative unit: Chinese characters, a stem that names a
/// place (not 全区, 本市), then an administrative suffix.
fn is_unit(name: &str) -> bool {
    let Some(suf) = suffix_of(name) else {
        return false;
    };
    let stem = &name[..name.len() - suf.len()];
    !stem.is_empty()
        && stem.chars().all(is_cjk)
        && !not_a_stem().contains(&stem)
        && !not_in_name().iter().any(|w| name.contains(w))
        // 济南市市 (济南市 + the 市 of 市中区) is no unit; 沙市区 is.
        && !stem.ends_with(suf)
}

/// Whether `name` names a region: one unit, or a unit with its parents, at most 24 characters.
/// 各位代表：, 一、2025年工作回顾, 全区, 省 are not.
pub fn is_region_name(name: &str) -> bool {
    name == NATIONAL || (name.chars().count() <= 24 && is_unit(own_name(name)) && is_unit(name))
}

/// The place itself of a name given with its parents: 呼伦贝尔市海拉尔区 → 海拉尔区;
/// 内蒙古自治区呼伦贝尔市 → 呼伦贝尔市; 荆州市沙市区 → 沙市区; 济南市市中区 → 市中区. A name with no
/// parent is returned whole (沙市区, 广州市, 通州区).
pub fn own_name(name: &str) -> &str {
    // Split points: after a parent suffix, where what precedes is a unit itself and what
    // follows is a unit. The last such point is the place's own name.
    let idx: Vec<usize> = name.char_indices().map(|(i, _)| i).skip(1).collect();
    for &at in idx.iter().rev() {
        let (head, tail) = name.split_at(at);
        if parent_suffixes().iter().any(|s| head.ends_with(s))
            && is_unit(head)
            && own_parent_ok(head)
            && is_unit(tail)
        {
            return tail;
        }
    }
    name
}

/// A parent chain is units all the way down (内蒙古自治区呼伦贝尔市, not 广州 + 市…).
fn own_parent_ok(head: &str) -> bool {
    let inner = own_name_parent(head);
    is_unit(inner)
}

fn own_name_parent(head: &str) -> &str {
    let idx: Vec<usize> = head.char_indices().map(|(i, _)| i).skip(1).collect();
    for &at in idx.iter().rev() {
        let (h, t) = head.split_at(at);
        if parent_suffixes().iter().any(|s| h.ends_with(s)) && is_unit(h) && is_unit(t) {
            return t;
        }
    }
    head
}

/// Government level from the region's name. A city (…市) is a prefecture unless its name
/// carries a parent city, prefecture or league (呼伦贝尔市满洲里市: a county-level city).
pub fn level_of(region: &str) -> Level {
    let municipalities = crate::lexicon::get().header.municipalities;
    if region.contains(NATIONAL) || region == "中国" || region == "国务院" {
        return Level::National;
    }
    let own = own_name(region);
    let parent = &region[..region.len() - own.len()];
    if own.ends_with('省')
        || (own.ends_with("自治区") && parent.is_empty())
        || own.ends_with("特别行政区")
        || municipalities.contains(&own)
    {
        Level::Province
    } else if own.ends_with('县')
        || own.ends_with('旗')
        || own.ends_with("自治县")
        || own.ends_with("林区")
        || (own.ends_with('区') && !own.ends_with("地区") && !own.ends_with("自治区"))
        // A city under a city, prefecture or league is a county-level city.
        || (own.ends_with('市')
            && crate::lexicon::get().header.city_parents
                .iter()
                .any(|s| parent.ends_with(s)))
    {
        Level::County
    } else {
        Level::Prefecture
    }
}

/// Whether a city's report speaks of the towns it governs (镇（街道）, 镇街, 各镇) and never of
/// counties or districts under it (县（市、区）, 区县, 各县): the words of a county-level city.
pub fn governs_towns_only(f: &[char]) -> bool {
    let counties = crate::lexicon::get().header.counties;
    let towns_words = crate::lexicon::get().header.towns;
    // Whether the text from `rest` on starts with the word.
    let starts = |rest: &[char], w: &str| {
        let mut at = rest.iter();
        w.chars().all(|c| at.next() == Some(&c))
    };
    // One pass, trying the words only where one may start (县 区 各 所 镇): a county word
    // anywhere settles it, towns are counted once a place.
    let mut towns = 0;
    for (i, &c) in f.iter().enumerate() {
        if !matches!(c, '县' | '区' | '各' | '所' | '镇') {
            continue;
        }
        let rest = &f[i..];
        // 全国综合实力百强县（市）: a league of counties, not the ones the city governs.
        let league = i > 0 && f[i - 1] == '强';
        if !league && counties.iter().any(|w| starts(rest, w)) {
            return false;
        }
        if towns_words.iter().any(|w| starts(rest, w)) {
            towns += 1;
        }
    }
    towns >= 2
}

/// A region found, and the line of the report it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The place as the report names it, parents included (呼伦贝尔市海拉尔区).
    pub name: String,
    /// The line it was read from, trimmed to 60 characters.
    pub line: String,
}

fn found(name: &str, line: &str) -> Found {
    Found {
        name: name.to_string(),
        line: clip(line),
    }
}

/// A line for a message: trimmed, cut after its meeting words (…会议上) or first sentence,
/// at most 60 characters.
pub fn clip(line: &str) -> String {
    let mut t = line.trim();
    for &end in crate::lexicon::get().header.clip_ends {
        if let Some(i) = t.find(end) {
            t = &t[..i + end.len()];
        }
    }
    if t.chars().count() > 60 {
        format!("{}…", t.chars().take(60).collect::<String>())
    } else {
        t.to_string()
    }
}

fn strip_spaces(t: &str) -> String {
    t.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// The region a meeting line names: "——2016年2月19日在海拉尔区第十四届人民代表大会第五次会议上",
/// "在第十四届全国人民代表大会第三次会议上", "2月3日，湖南省第十四届人民代表大会第四次会议开幕".
pub fn meeting_region(line: &str) -> Option<String> {
    let t = strip_spaces(line);
    let mut rest = t.as_str();
    while let Some(at) = rest.find("人民代表大会") {
        let before = &rest[..at];
        rest = &rest[at + "人民代表大会".len()..];
        // A meeting line names the session (第三次会议上, 四次会议开幕), not the standing
        // committee or the congress in a sentence.
        let after: String = rest.chars().take(10).collect();
        if !after.contains("会议") {
            continue;
        }
        if before.ends_with(NATIONAL) {
            return Some(NATIONAL.to_string());
        }
        // 江门市第十六届 / 甘肃省十四届 / 海拉尔区 (no session number).
        let b = before.trim_end_matches('届').trim_end_matches(|c: char| {
            "〇零一二三四五六七八九十百".contains(c) || c.is_ascii_digit()
        });
        let b = b.trim_end_matches('第');
        let run: String = b
            .chars()
            .rev()
            .take_while(|&c| is_cjk(c) && !"在于日即".contains(c))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if is_region_name(&run) {
            return Some(run);
        }
    }
    None
}

/// The region a title names: 2026年广西壮族自治区政府工作报告, 陕西省2026年政府工作报告,
/// 呼伦贝尔市海拉尔区人民政府工作报告. 政府工作报告 and 2026年政府工作报告 name none.
pub fn title_region(title: &str) -> Option<String> {
    let t = strip_spaces(title);
    let t = t.split("政府工作报告").next()?;
    let t = t.strip_suffix("人民").unwrap_or(t);
    // Drop written years (2026年) wherever they stand.
    let mut name = String::new();
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if chars.get(i) == Some(&'年') {
                i += 1;
            }
            continue;
        }
        name.push(chars[i]);
        i += 1;
    }
    let name = name.trim_matches(|c: char| !is_cjk(c));
    is_region_name(name).then(|| name.to_string())
}

/// Titles of a head of government, longest first.
fn heads() -> &'static [&'static str] {
    crate::lexicon::get().header.heads
}

/// The region a speaker line names: 广东省省长 王伟中, 海拉尔区人民政府区长　杜联合, 国务院总理
/// 李强. 省长 李炳军 and 自治区主席 韦韬 name none.
pub fn speaker_region(line: &str) -> Option<String> {
    let t = line.trim().trim_start_matches(['◇', '◆', '□', '（', '(']);
    if t.chars().count() > 40 || t.contains('，') || t.contains('。') || t.contains("报告") {
        return None;
    }
    let t = strip_spaces(t);
    let (at, _) = heads()
        .iter()
        .filter_map(|h| t.find(h).map(|i| (i, h)))
        .min_by_key(|(i, _)| *i)?;
    let before = &t[..at];
    let before = before.strip_suffix('代').unwrap_or(before);
    if before.ends_with("国务院") {
        return Some(NATIONAL.to_string());
    }
    let before = before.strip_suffix("人民政府").unwrap_or(before);
    let before = before.strip_suffix("行政公署").unwrap_or(before);
    let before = before.strip_suffix("政府").unwrap_or(before);
    is_region_name(before).then(|| before.to_string())
}

/// The region the opening names: 我代表海拉尔区人民政府向大会作工作报告; 我代表国务院，向大会报告
/// 政府工作 (national); 并请全国政协委员提出意见 (national). 我代表省人民政府 names none.
pub fn opening_region(text: &str) -> Option<String> {
    let t = strip_spaces(text);
    if t.contains("代表国务院") || t.contains("全国政协委员") {
        return Some(NATIONAL.to_string());
    }
    let name = represented(&t)?;
    is_region_name(name).then(|| name.to_string())
}

/// What the speaker represents in 我代表XX人民政府 (or XX政府): the words before 人民政府 in the
/// 30 chars after 我代表 (海拉尔区, 市, 省).
fn represented(t: &str) -> Option<&str> {
    let at = t.find("我代表")? + "我代表".len();
    let rest = &t[at..];
    let rest = &rest[..rest.char_indices().nth(30).map_or(rest.len(), |(i, _)| i)];
    let end = rest.find("人民政府").or_else(|| rest.find("政府"))?;
    Some(&rest[..end])
}

/// The autonomous unit a body names when the opening names only its level (我代表州人民政府;
/// …是雪岭藏族自治州发展进程中…): a place, its peoples, and 自治州 / 自治县 / 自治旗 as the level
/// word says. The place is the longest of the two to four characters before the peoples that the
/// text names again (新雪岭, 雪岭儿女): the words before a name (是, 建设) are left out that
/// way. None when the place is named only once.
pub fn body_region(opening: &str, body: &str) -> Option<String> {
    let t = strip_spaces(opening);
    let suffix = match represented(&t)? {
        "州" => "自治州",
        "县" => "自治县",
        "旗" => "自治旗",
        _ => return None,
    };
    body.match_indices(suffix).find_map(|(at, _)| {
        // The peoples, read back from the suffix.
        let mut place_end = at;
        while let Some(p) = crate::lexicon::get()
            .header
            .peoples
            .iter()
            .find(|p| body[..place_end].ends_with(*p))
        {
            place_end -= p.len();
        }
        if place_end == at {
            return None;
        }
        let before = &body[..place_end];
        (2..=4).rev().find_map(|k| {
            let (i, _) = before.char_indices().rev().nth(k - 1)?;
            let place = &before[i..];
            let name = &body[i..at + suffix.len()];
            // A place is no unit itself (自治州藏族自治州 is none).
            (place.chars().all(is_cjk)
                && suffix_of(place).is_none()
                && !place.contains("自治")
                && body.matches(place).count() >= 2
                && is_region_name(name))
            .then(|| name.to_string())
        })
    })
}

/// The level the opening gives when it names no place: 我代表市人民政府 (a city: a prefecture,
/// unless its report governs towns only), 我代表县人民政府, 我代表省人民政府.
pub fn opening_level(text: &str) -> Option<Level> {
    let t = strip_spaces(text);
    let name = represented(&t)?;
    [
        ("省", Level::Province),
        ("自治区", Level::Province),
        ("市", Level::Prefecture),
        ("州", Level::Prefecture),
        ("盟", Level::Prefecture),
        ("县", Level::County),
        ("旗", Level::County),
        ("区", Level::County),
    ]
    .into_iter()
    .find(|(w, _)| name == *w)
    .map(|(_, level)| level)
}

/// Finds the region of a report from its header lines (`head`: the paragraphs before the
/// greeting 各位代表, or the first ones) and its opening (`opening`: the first paragraphs after
/// the greeting). Meeting line first, then title, speaker, opening.
pub fn find_region(head: &[String], title: Option<&str>, opening: &str) -> Option<Found> {
    if let Some(f) = head
        .iter()
        .find_map(|l| meeting_region(l).map(|r| found(&r, l)))
    {
        return Some(f);
    }
    if let Some(t) = title {
        if let Some(r) = title_region(t) {
            return Some(found(&r, t));
        }
    }
    if let Some(f) = head
        .iter()
        .find_map(|l| speaker_region(l).map(|r| found(&r, l)))
    {
        return Some(f);
    }
    let opening = opening.trim_start();
    let opening = opening
        .strip_prefix("各位代表：")
        .or_else(|| opening.strip_prefix("各位代表:"))
        .unwrap_or(opening);
    let first = opening
        .split(['。', '！'])
        .take(3)
        .collect::<Vec<_>>()
        .join("。");
    opening_region(&first).map(|r| found(&r, &first))
}

/// Whether a head line is a title: it holds 政府工作报告, is short, is no sentence and no
/// caption (省长赵刚作政府工作报告, …记者 摄).
pub fn is_title(line: &str) -> bool {
    let t = strip_spaces(line);
    t.contains("政府工作报告")
        && t.chars().count() <= 40
        && !t.contains('。')
        && !t.contains('，')
        && !t.contains("作政府工作报告")
        && !t.contains("摄")
        && !t.contains("来源")
        // 首页 > 政务公开 > 政府工作报告 / 当前位置：…: a web page's breadcrumb.
        && !t.contains(['>', '＞', '›', '»', '→'])
        && !t.starts_with("首页")
        && !t.starts_with("当前位置")
        && !t.starts_with("您的位置")
        && !t.starts_with("您现在的位置")
}

#[cfg(test)]
mod tests;
