//! Special forms: ranges, ordinals, ranks, proportions, places and tenths.

use super::*;
use crate::chars::{find_short, rfind_short};
use crate::number::{numeral_at, Numeral};

/// A range starting with numeral `n`: 6%-6.5%, 4.5%至5%, 6-6.5%.
pub(super) fn range(
    f: &[char],
    n: &Numeral,
    unit_here: Option<(&'static str, usize)>,
    after_unit: usize,
    end: usize,
) -> Option<Quantity> {
    let dash = *f.get(after_unit)?;
    if !matches!(dash, '-' | '—' | '–' | '~' | '至' | '到') {
        return None;
    }
    let mut j = after_unit + 1;
    if f.get(j) == Some(&'—') {
        j += 1;
    }
    let m = numeral_at(f, j).filter(|m| m.end <= end)?;
    let k = skip_spaces(f, m.end);
    let (unit2, len2) = unit_at(f, k).filter(|(_, l)| k + l <= end)?;
    if let Some((u1, _)) = unit_here {
        if u1 != unit2 {
            return None;
        }
    } else {
        // 6-6.5%; 40万—45万人: the unit after the second only, both with their magnitude word.
        let percentish = matches!(unit2, "%" | "‰" | "个百分点" | "倍");
        // 2—4家 / 1—2个 / 25—30家: a small count range with its counter after the second.
        let counts = is_counter(unit2)
            && !n.magnitude
            && !m.magnitude
            && n.value.fract() == 0.0
            && m.value.fract() == 0.0
            && m.value > n.value;
        if !(percentish || counts || n.magnitude && m.magnitude) {
            return None;
        }
    }
    if m.value < n.value {
        return None;
    }
    let (unit, sort) = match unit2 {
        "%" => ("%", Sort::Percent),
        "‰" => ("‰", Sort::Percent),
        "倍" => ("倍", Sort::Times),
        "个百分点" | "百分点" => ("个百分点", Sort::Points),
        u => (u, Sort::Amount),
    };
    let mut q = simple(n.start, k + len2, n.start, n.value, unit, sort);
    q.upper = Some(m.value);
    Some(q)
}

/// At a `第`: `Some((quantity or none, next index))` when an ordinal stands here.
pub(super) fn ordinal(
    f: &[char],
    i: usize,
    end: usize,
    sent_start: usize,
) -> Option<(Option<Quantity>, usize)> {
    let n = numeral_at(f, i + 1).filter(|n| n.end <= end)?;
    let mut j = n.end;
    // 第十六届, 第三次会议, 第一批: labels.
    if let Some((u, l)) = unit_at(f, j).filter(|(u, _)| *u != "位" && *u != "名") {
        // 成为我市第3个国家湿地公园 / 成为…第4条…产业链: the ordinal counts the stock.
        let became = f[sent_start..i].windows(2).any(|w| w == ['成', '为']);
        if became && chinese_counters().contains(&u) {
            let mut q = simple(i, j + l, i + 1, n.value, u, Sort::OrdinalCount);
            q.num_start = i + 1;
            return Some((Some(q), j + l));
        }
        return Some((None, j + l));
    }
    // 荣获第18届…, 第3次, 第一批: ordinals that label, not places.
    if matches!(
        f.get(j),
        Some('届' | '次' | '批' | '期' | '季' | '轮' | '版' | '号' | '章' | '节' | '代' | '任')
    ) {
        return Some((None, j + 1));
    }
    // 稳居全国第一方阵 / 第一梯队 / 第一档: a tier, not a place.
    if starts_with(f, j, "方阵") || starts_with(f, j, "梯队") {
        return Some((None, j + 2));
    }
    if f.get(j) == Some(&'档') {
        return Some((None, j + 1));
    }
    if matches!(f.get(j), Some('位') | Some('名')) {
        j += 1;
    }
    let (mut cue, mut scope) = rank_cue(f, i, sent_start);
    // 位居全国百强县投资潜力第3、新型城镇化质量第4、绿色发展第5: the places after the first of
    // a list share its cue and its league.
    let mut at = i;
    while !cue {
        let Some(earlier) = listed_ordinal_before(f, at, sent_start) else {
            break;
        };
        (cue, scope) = rank_cue(f, earlier, sent_start);
        at = earlier;
    }
    if !cue || n.value < 1.0 || n.value.fract() != 0.0 {
        return Some((None, j));
    }
    let scope = scope.map(|(_, s)| league(s));
    let mut q = simple(i, j, i + 1, n.value, "位", Sort::Rank);
    q.scope = scope;
    Some((Some(q), j))
}

/// A league as a rank's `scope` (省考核 and 省内 are 全省).
fn league(s: &str) -> String {
    match s {
        "省考核" | "省内" | "全省同类" => "全省".to_string(),
        "全国同类城市" => "全国".to_string(),
        s => s.to_string(),
    }
}

/// Whether a place cue stands before the `第` at `i` (排全省第2, 全省第4, 居全国第五, 省考核第1,
/// 获片区第1), and the league it names.
fn rank_cue(f: &[char], i: usize, sent_start: usize) -> (bool, Option<(usize, &'static str)>) {
    // 在全国综合实力百强县（市）中跃升至第33位 / …中的位次从第48位提升到第35位: a league of
    // N强 named further back, then a move to or from a place; its scope is read over 30 chars.
    let wide = i.saturating_sub(30).max(sent_start);
    let in_league =
        i > wide && matches!(f[i - 1], '到' | '至' | '从' | '由') && f[wide..i].contains(&'强');
    let look = if in_league {
        wide
    } else {
        i.saturating_sub(10).max(sent_start)
    };
    let before: String = crate::chars::string(&f[look..i]);
    // Only the scopes all of whose chars are in `before` are searched for.
    let held = char_bits(f[look..i].iter().copied());
    let scope = scopes()
        .iter()
        .zip(scope_bits())
        .filter(|(_, bits)| *bits & !held == 0)
        .filter_map(|(s, _)| rfind_short(&before, s).map(|p| (p, *s)))
        .max_by_key(|(p, s)| (*p, s.len()));
    let cue = crate::lexicon::get().quantity.rank_cues
    .iter()
    .any(|w| before.ends_with(w))
        || scope.is_some()
        || in_league
        // 营商环境排名上升到第8位 / 位次从第48位提升到第35位: the place a ranking moved to
        // or from.
        || (before.ends_with(['到', '至', '从', '由'])
            && crate::lexicon::get().quantity.rankings
                .iter()
                .any(|w| find_short(&before, w).is_some()));
    (cue, scope)
}

/// The `第` of the list item before the one whose `第` is at `i` (…投资潜力第3、新型城镇化质量第4):
/// the item's name is at most 12 CJK chars back to a 、, and the item before it ends with 第
/// and a numeral (and 位 or 名).
fn listed_ordinal_before(f: &[char], i: usize, sent_start: usize) -> Option<usize> {
    let name = f[sent_start..i]
        .iter()
        .rev()
        .take_while(|&&c| crate::chars::is_cjk(c) && c != '、' && c != '第')
        .count();
    if name == 0 || name > 12 || i - name < sent_start + 3 || f[i - name - 1] != '、' {
        return None;
    }
    let mut k = i - name - 1;
    if matches!(f[k - 1], '位' | '名') {
        k -= 1;
    }
    let digits = f[sent_start..k]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(**c))
        .count();
    let ordinal = k.checked_sub(digits + 1)?;
    (digits > 0 && ordinal >= sent_start && f[ordinal] == '第').then_some(ordinal)
}

/// The 128-bit set of `chars`: bit `c % 128` set for each (a word all of whose bits are not in
/// a text's set does not occur in it).
pub(super) fn char_bits(chars: impl IntoIterator<Item = char>) -> u128 {
    chars.into_iter().fold(0, |m, c| m | 1 << (c as u32 % 128))
}

/// The [`char_bits`] of each word of [`scopes`], in their order.
pub(super) fn scope_bits() -> &'static [u128] {
    static BITS: std::sync::OnceLock<Vec<u128>> = std::sync::OnceLock::new();
    BITS.get_or_init(|| scopes().iter().map(|s| char_bits(s.chars())).collect())
}

/// `N强` ranks (迈向全国50强): a quantity when numeral `n` is followed by 强 and preceded by a
/// league, and not used as a group's name (前200强企业, 中国企业500强).
pub fn top_rank(f: &[char], n: &Numeral, sent_start: usize) -> Option<Quantity> {
    if f.get(n.end) != Some(&'强') {
        return None;
    }
    let after = f.get(n.end + 1).copied();
    if !after.is_none_or(|c| "，。；、！？）".contains(c) || c == '之') {
        return None;
    }
    if n.start > 0 && f[n.start - 1] == '前' {
        return None;
    }
    let look = n.start.saturating_sub(14).max(sent_start);
    let before: String = crate::chars::string(&f[look..n.start]);
    let Some(scope) = scopes().iter().find(|s| before.ends_with(*s)) else {
        return league_of_a_field(f, n, sent_start, &before);
    };
    // 迈向全国50强 ranks a place; 引进世界五百强 names a group. The field ranked may stand
    // between the verb and the league (跻身服务业全国10强).
    let head = before.strip_suffix(*scope).unwrap_or(&before);
    let field = head
        .chars()
        .rev()
        .take_while(|&c| crate::chars::is_cjk(c))
        .take(7)
        .collect::<Vec<_>>();
    let placed = (0..field.len().min(6) + 1).any(|k| {
        let cut: usize = field[..k].iter().map(|c| c.len_utf8()).sum();
        let head = &head[..head.len() - cut];
        crate::lexicon::get()
            .quantity
            .placed
            .iter()
            .any(|v| head.ends_with(v) && (k == 0 || v.chars().count() == 2))
    });
    if !placed {
        return None;
    }
    Some(league_rank(n, scope))
}

/// The rank `N强` gives (N or better, in `scope`).
fn league_rank(n: &Numeral, scope: &str) -> Quantity {
    let mut q = simple(n.start, n.end + 1, n.start, n.value, "位", Sort::Rank);
    q.scope = Some(scope.to_string());
    q.top = true;
    q
}

/// 海垦集团跻身中国企业500强 / 青海丽豪跻身全球独角兽企业500强: a league (全国, 全球, 中国)
/// and the field it ranks (企业, 文化企业) before `N强`, right after a verb of entering, rank what
/// enters. Not when the clause counts what entered (4家浙企上榜全国文化企业30强: a count of
/// the members of a list).
fn league_of_a_field(f: &[char], n: &Numeral, sent_start: usize, before: &str) -> Option<Quantity> {
    let enter = crate::lexicon::get().quantity.enter;
    let (at, scope) = scopes()
        .iter()
        .copied()
        .chain(std::iter::once("中国"))
        .filter_map(|s| before.rfind(s).map(|i| (i, s)))
        .max_by_key(|&(i, s)| (i, s.len()))?;
    let field = &before[at + scope.len()..];
    let field_chars = field.chars().count();
    if !(1..=7).contains(&field_chars) || !field.chars().all(crate::chars::is_cjk) {
        return None;
    }
    let head = &before[..at];
    if !enter.iter().any(|v| head.ends_with(v)) {
        return None;
    }
    let clause = crate::sentence::clause_start(f, sent_start, n.start);
    if f[clause..n.start].iter().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(league_rank(n, scope))
}

pub fn is_colon(c: Option<&char>) -> bool {
    matches!(c, Some('∶' | ':' | '：'))
}

/// 三次产业结构调整为8.3∶41.4∶50.3 (each part a share, in %), 城乡居民收入比缩小到2.3∶1 (a
/// ratio, 2.3 倍), 城乡居民收入比值由3.27缩小至2.93 (bare ratios after 比值).
pub(super) fn proportion(f: &[char], n: &Numeral, start: usize, end: usize) -> Option<Quantity> {
    if n.chinese {
        return None;
    }
    let after_colon = n.start > start && is_colon(f.get(n.start - 1));
    let before_colon = n.end < end && is_colon(f.get(n.end));
    if after_colon || before_colon {
        // Walk the whole ratio: its parts and whether it ends in ∶1.
        let mut a = n.start;
        while a > start && is_colon(f.get(a - 1)) {
            let Some(p) = (start..a - 1)
                .rev()
                .take_while(|&k| f[k].is_ascii_digit() || f[k] == '.')
                .last()
            else {
                break;
            };
            a = p;
        }
        let mut parts = Vec::new();
        let mut k = a;
        while let Some(m) = crate::number::numeral_at(f, k).filter(|m| m.end <= end && !m.chinese) {
            parts.push(m.value);
            if m.end < end && is_colon(f.get(m.end)) {
                k = m.end + 1;
            } else {
                break;
            }
        }
        if parts.len() < 2 {
            return None;
        }
        let to_one = parts.last() == Some(&1.0) && parts.len() == 2;
        if to_one {
            // X∶1: the X is the ratio; the 1 is no fact.
            if after_colon {
                return None;
            }
            let q_end = crate::number::numeral_at(f, n.end + 1).map_or(n.end, |m| m.end);
            return Some(simple(
                n.start,
                q_end,
                n.start,
                n.value,
                "倍",
                Sort::Proportion,
            ));
        }
        // A structure: every part a share of the whole (the parts add up to about 100).
        let sum: f64 = parts.iter().sum();
        if (95.0..=105.0).contains(&sum) {
            return Some(simple(n.start, n.end, n.start, n.value, "%", Sort::Percent));
        }
        return None;
    }
    // 城乡居民收入比值由3.27缩小至2.93: a bare number after 比值 / 收入比 / 倍差.
    let look = n.start.saturating_sub(10).max(start);
    let before: String = crate::chars::string(&f[look..n.start]);
    let next = f.get(n.end).copied();
    // 城乡居民收入倍差从1.96缩小至1.81: the same ratio named 倍差.
    if (before.contains("比值") || before.contains("收入比") || before.contains("倍差"))
        && n.value < 50.0
        && next.is_none_or(|c| "，。；、缩下降提扩增".contains(c))
    {
        return Some(simple(
            n.start,
            n.end,
            n.start,
            n.value,
            "倍",
            Sort::Proportion,
        ));
    }
    None
}

/// `前N位` ranks (居全国前10位, 位列国内前三): place N or better, when a league and a verb of
/// standing come before and the clause ends after it (not 进入ESI前1%学科, a band naming a group).
pub(super) fn top_place(f: &[char], n: &Numeral, sent_start: usize) -> Option<Quantity> {
    if n.start == 0 || f[n.start - 1] != '前' || n.value < 1.0 || n.value.fract() != 0.0 {
        return None;
    }
    let mut end = n.end;
    // 前10位, 前三名, 前十强.
    if matches!(f.get(end), Some('位' | '名' | '强')) {
        end += 1;
    }
    // 居全国前六（含并列）: a note in brackets may follow.
    if !f.get(end).is_none_or(|c| "，。；、！？）（(".contains(*c)) {
        return None;
    }
    // The field ranked may stand between the league and 前 (迈进全国综合实力百强区前60位): up to
    // ten chars of words, tried from none.
    let look = (n.start - 1).saturating_sub(18).max(sent_start);
    let before: String = crate::chars::string(&f[look..n.start - 1]);
    let field = before
        .chars()
        .rev()
        .take_while(|&c| crate::chars::is_cjk(c))
        .take(10)
        .count();
    let scope = (0..=field).find_map(|k| {
        let cut: usize = before.chars().rev().take(k).map(char::len_utf8).sum();
        let head = &before[..before.len() - cut];
        let scope = scopes().iter().find(|s| head.ends_with(*s))?;
        let head = head.strip_suffix(*scope).unwrap_or(head);
        let verbs: &[&str] = if k == 0 {
            crate::lexicon::get().quantity.league_verbs
        } else {
            // With a field between, only verbs of entering or standing, two chars long.
            crate::lexicon::get().quantity.league_verbs_field
        };
        verbs.iter().any(|v| head.ends_with(v)).then_some(*scope)
    })?;
    let mut q = simple(n.start - 1, end, n.start, n.value, "位", Sort::Rank);
    q.scope = Some(scope.to_string());
    q.top = true;
    Some(q)
}

/// 近八成, 超两成, 九成以上, 精简两成, 近一半: a share in tenths (or a half) when a bound or a
/// change word marks it as a quantity (一成不变 is not).
pub(super) fn tenths(f: &[char], i: usize, start: usize, end: usize) -> Option<Quantity> {
    let c = f[i];
    if !matches!(f.get(i + 1), Some('成' | '半')) {
        return None;
    }
    let half = c == '一' && f.get(i + 1) == Some(&'半');
    let digit = "一二两三四五六七八九".find(c).map(|_| {
        "一二两三四五六七八九"
            .chars()
            .position(|d| d == c)
            .unwrap_or(0)
    });
    // 下降超3成, 占全国9成: one Arabic digit counts tenths too.
    let arabic =
        matches!(c, '1'..='9') && !(i > start && (f[i - 1].is_ascii_digit() || f[i - 1] == '.'));
    let digit = digit.or_else(|| {
        arabic.then(|| match c as usize - '0' as usize {
            1 => 0,
            d => d,
        })
    });
    let tenth =
        digit.is_some() && f.get(i + 1) == Some(&'成') && !(i > start && is_cn_digit(f[i - 1]));
    if !(half || tenth) || i + 2 > end {
        return None;
    }
    let value = if half {
        50.0
    } else {
        let d = digit.unwrap_or(0);
        // 两 sits at index 2 of the list beside 二.
        let n = if d >= 2 { d } else { d + 1 };
        n as f64 * 10.0
    };
    let before: String = crate::chars::string(&f[start.max(i.saturating_sub(3))..i]);
    let after: String = crate::chars::string(&f[i + 2..end.min(i + 4)]);
    // A change or a fall (the qualifier's verbs: 提高, 精简, 砍掉 …) or a bound before it.
    static CHANGES: std::sync::OnceLock<crate::chars::LastChars> = std::sync::OnceLock::new();
    let changes = CHANGES.get_or_init(|| {
        let q = &crate::lexicon::get().qualifier;
        crate::chars::LastChars::new(q.change.iter().chain(q.fall))
    });
    let before_chars = &f[start.max(i.saturating_sub(3))..i];
    let marked = changes.end(before_chars)
        || crate::lexicon::get().quantity.marks
        .iter()
        .any(|w| before.ends_with(w))
        // 占全国9成: a share of a league.
        || (before.starts_with('占') && before.chars().nth(1) == Some('全'))
        // 分别占…的七成和两成: the next item of a list of tenths.
        || crate::lexicon::get().quantity.tenths_next.iter().any(|w| before.ends_with(w))
        || after.starts_with("以上")
        || after.starts_with("左右");
    if !marked {
        return None;
    }
    Some(super::scan::simple(i, i + 2, i, value, "%", Sort::Percent))
}
