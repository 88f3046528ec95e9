//! The quantity's one subject when nothing hands one out: its own, else the one before it or
//! the topic; a list of them when one place, one doubling or one milestone is every item's.

use crate::chars::find_short;
use crate::extract::cues::{held_by_each, names_things};
use crate::extract::lists::list_item_of_verb;
use crate::extract::owners::{clause_before, topic_before, topic_of_sentence_before};
use crate::extract::sentence::{Place, Sentence};
use crate::extract::Item;
use crate::qualifier::starts_with_word;
use crate::subject;
use crate::Measure;

impl Sentence<'_> {
    /// The quantity's one subject: its own, else (or when only a bare measure, 产值) the one
    /// before it or the topic; a list of them when one place or one doubling is every item's.
    pub(super) fn single_subject(
        &self,
        p: &Place,
        measure: Measure,
        own: &str,
        counter: bool,
    ) -> Vec<String> {
        let (f, q) = (self.f, p.q);
        let sub = self.one_subject(p, own, counter);
        // 粮食播种面积、单产、总产连续6年增长: a run said of a list is each item's.
        let run = q.unit == "年"
            && (q.start >= 2 && f[q.start - 2..q.start] == ['连', '续']
                || f[q.num_start..q.end].contains(&'连'));
        if let Some(items) = milestone_of_each(p, measure, &sub) {
            return items;
        }
        let items = if find_short(&sub, "、").is_some()
            // 海垦集团、海南控股跻身中国企业500强: a league entered together is one fact.
            && (measure == Measure::Rank && !(q.top && f[q.end - 1] == '强')
                || starts_with_word(f, q.start, "成倍")
                || (held_by_each(measure, &sub) || run) && names_things(&sub))
        {
            each_item(&sub, run)
        } else {
            Vec::new()
        };
        if items.len() >= 2 {
            items
        } else {
            vec![sub]
        }
    }

    /// The one subject, before any list is split: a parenthetical the subject before's
    /// (增长1.7%（同口径增长2.5%以上）), a bare or relational measure joined to the subject
    /// before, else the quantity's own words (or the list item of its verb).
    fn one_subject(&self, p: &Place, own: &str, counter: bool) -> String {
        let parenthetical = own.starts_with(['（', '(']) && !own.contains(['）', ')']);
        if parenthetical && self.items.last().is_some() {
            // 增长1.7%（同口径增长2.5%以上）: the same thing, measured another way.
            let prev = self
                .items
                .last()
                .map(|it| it.subject.as_str())
                .unwrap_or("");
            format!("{prev}{own}）")
        } else if own.is_empty()
            || subject::is_generic(own)
            || verb_and_generic(own)
            || relational(own)
        {
            let prev = self.subject_before(p, own, counter);
            if own.is_empty() {
                prev
            } else {
                subject::join_generic(&prev, own)
            }
        } else if let Some(done) = self.items.last().and_then(|it| done_to(&it.subject, own)) {
            done
        } else if let Some(class) = self.items.last().and_then(|it| class_of(&it.subject, own)) {
            class
        } else {
            list_item_of_verb(self.f, p.seg_start, p.same_clause, own, self.items.last())
                .unwrap_or_else(|| own.to_string())
        }
    }

    /// What a quantity with no subject of its own (or only a bare measure) is of: the subject
    /// of the fact before, the topic of a clause or sentence before, or what it is spent on.
    fn subject_before(&self, p: &Place, own: &str, counter: bool) -> String {
        let (f, s) = (self.f, self.s);
        match self.items.last() {
            // 地区生产总值跨越3个千亿元台阶、达到1.5万亿元: the amount is the owner's.
            Some(Item {
                subject,
                counted: Some(c),
            }) if own.is_empty() && !counter => subject::owner_of_count(subject, c),
            // 对东盟进出口分别增长19%，全省进出口总值创历史新高，达到5379亿元: a clause
            // with no number between names the owner, not the item before it.
            Some(it) if own.is_empty() && !p.same_clause && !p.after_comma => {
                let topic = clause_before(f, s, p.clause)
                    .map(|t| subject::stated_topic(&t))
                    .unwrap_or_default();
                if topic.is_empty() {
                    it.subject.clone()
                } else {
                    topic
                }
            }
            Some(it) => it.subject.clone(),
            None => self.topic(p, own),
        }
    }

    /// The topic of the first quantity of a sentence with no subject of its own.
    fn topic(&self, p: &Place, own: &str) -> String {
        let (f, s, e, ctx) = (self.f, self.s, self.e, self.ctx);
        let clause = p.clause;
        let mut topic = topic_before(f, s, clause);
        // 石化产业持续“减油增化提质”，…。产值突破1300亿元: a bare measure opening its sentence is
        // of what the sentence before was about.
        if topic.is_empty()
            && clause <= s + 1
            && subject::is_generic(own)
            && own != "投资"
            && own != "投入"
        {
            topic = topic_of_sentence_before(ctx, s);
        }
        if topic.is_empty() && (own == "投资" || own == "投入" || own.is_empty()) {
            // 投资4.8亿元实施了拆炉并网工程: what it is spent on follows; else (全年共完成投资
            // 3.5亿元) what the sentence before was about.
            let rest = ctx.layout.folded_str(p.q_end, e.min(p.q_end + 30));
            let spent_on = subject::purpose(rest);
            if spent_on.is_empty() && !own.is_empty() && clause <= s + 1 {
                topic_of_sentence_before(ctx, s)
            } else {
                spent_on
            }
        } else {
            topic
        }
    }
}

/// 重大项目开工390个、竣工437个: a verb of works alone (`done_alone`) is done to the things of
/// the fact before (重大项目竣工, its own verb of works dropped); 收入增加近1000亿元，稳步达到
/// 3000亿元: a word of manner alone (`manner_alone`) leaves the thing before as it is.
fn done_to(prev: &str, own: &str) -> Option<String> {
    let words = &crate::lexicon::get().subject;
    if prev.is_empty() {
        return None;
    }
    if words.manner_alone.contains(&own) {
        return Some(prev.to_string());
    }
    if !words.done_alone.contains(&own) {
        return None;
    }
    let thing = words
        .done_alone
        .iter()
        .find_map(|v| prev.strip_suffix(v).filter(|t| !t.is_empty()))
        .unwrap_or(prev);
    Some(format!("{thing}{own}"))
}

/// 实施重点项目56个，其中工业类3个、农业类21个: a class alone (a short word ending in 类) is a
/// class of the things of the fact before (工业类重点项目), their verb of doing dropped.
fn class_of(prev: &str, own: &str) -> Option<String> {
    let is_class = |w: &str| w.ends_with('类') && (2..=5).contains(&w.chars().count());
    if !is_class(own) || prev.is_empty() || prev.ends_with('类') {
        return None;
    }
    // 工业类重点项目 before 农业类21个: the things of the class before.
    let mut things = prev
        .char_indices()
        .filter(|&(_, c)| c == '类')
        .map(|(i, _)| i + '类'.len_utf8())
        .find(|&i| is_class(&prev[..i]))
        .map_or(prev, |i| &prev[i..]);
    // 我区安排重点项目: places (the indicator's prefixes) and verbs of doing (a subject's lead
    // words) opening the things are dropped.
    let words = crate::lexicon::get();
    let openers = || {
        words
            .subject
            .lead
            .iter()
            .chain(words.span.amount)
            .chain(words.indicator.prefixes)
    };
    while let Some(rest) = openers()
        .filter_map(|w| things.strip_prefix(*w))
        .filter(|rest| rest.chars().count() >= 2)
        .min_by_key(|rest| rest.len())
    {
        things = rest;
    }
    Some(format!("{own}{things}"))
}

/// 保有量 / 年度投资 / 运营里程 / 在园师生规模: a measure that needs its owner, when it
/// opens its words with nothing that names one.
fn relational(own: &str) -> bool {
    let heads = crate::lexicon::get().extract.relational;
    heads.contains(&own)
}

/// 落实资金 / 实施项目: a verb of carrying out and a bare measure, which the owner before
/// (对口援青和东西部协作持续深化，落实资金27.3亿元) makes a subject.
fn verb_and_generic(own: &str) -> bool {
    let verbs = crate::lexicon::get().extract.carried_out;
    verbs.iter().any(|v| {
        own.strip_prefix(v)
            .is_some_and(|rest| ["资金", "项目"].contains(&rest))
    })
}

/// 内江、眉山、自贡、遂宁经济总量突破2000亿元 / 汽车、建材、电子信息产业超千亿元: a milestone
/// said of places or industries is each one's, each item ending on the measure (经济总量, 产业…).
fn milestone_of_each(p: &Place, measure: Measure, sub: &str) -> Option<Vec<String>> {
    let q = p.q;
    let tail = (measure == Measure::Level
        && q.unit == "元"
        && matches!(p.before, Some((crate::Bound::AtLeast, _)))
        && find_short(sub, "、").is_some()
        && sub.split('、').all(|it| it.chars().count() <= 10)
        && names_things(sub))
    .then(|| {
        [
            "经济总量",
            "园区产值",
            "产业营收",
            "产业产值",
            "产业集群",
            "产业",
            "集群",
            "产值",
            "营收",
        ]
        .into_iter()
        .find(|w| sub.ends_with(w))
    })
    .flatten()?;
    let items: Vec<String> = sub
        .split('、')
        .map(|it| {
            let it = it.trim();
            if it.ends_with(tail) {
                it.to_string()
            } else {
                format!("{it}{tail}")
            }
        })
        .collect();
    Some(items)
}

/// 综合指数、PM10、臭氧改善幅度全国第一 / 工业机器人、光伏电池产量成倍增长 / 粮食播种面积、
/// 单产、总产连续6年增长: the items of a list that one place, one doubling, a change or a rate
/// (see `held_by_each`) or a run (`run`, its verb of change dropped) is held by.
fn each_item(sub: &str, run: bool) -> Vec<String> {
    let sub = if run {
        ["增长", "提高", "提升", "下降", "增加"]
            .iter()
            .find_map(|v| sub.strip_suffix(v))
            .unwrap_or(sub)
    } else {
        sub
    };
    subject::split_list(sub)
}
