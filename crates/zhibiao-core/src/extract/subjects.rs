//! The subject stage of a sentence's quantity: its own words (before it, or the things counted
//! after it), the subjects a 分别 hands out or a 均 shares, else the subject before it or the
//! topic of the sentence.

use super::cues::{held_by_each, names_things};
use super::lists::{
    distinct, is_shared, list_item_of_verb, post_with_shared_state, split_shared, Fenbie,
};
use super::owners::{clause_before, topic_before, topic_of_sentence_before};
use super::sentence::{Member, Place, Reading, Segment, Sentence, Start, Subjects};
use super::Item;
use crate::chars::find_short;
use crate::qualifier::{is_ratio, starts_with_word};
use crate::quantity::{big_noun, is_counter, Sort};
use crate::subject;
use crate::Measure;

impl Sentence<'_> {
    /// The subjects of the quantity, one a fact.
    pub(super) fn subjects(
        &mut self,
        p: &Place,
        seg: &Segment,
        r: &Reading,
        start: &Start,
    ) -> Subjects {
        let (f, e, q) = (self.f, self.e, p.q);
        let counter = is_counter(&q.unit) && matches!(q.sort, Sort::Amount | Sort::OrdinalCount);
        // 第4条产值超500亿元产业链: the class an ordinal counts may hold a threshold.
        let hi = if q.sort == Sort::OrdinalCount {
            e
        } else {
            p.next_start.min(e)
        };
        let (post, de) = subject::after(f, p.q_end, hi, counter);
        let post = match self.qs.get(p.k + 1) {
            Some(next) if counter && !post.is_empty() => {
                post_with_shared_state(f, &post, p.q_end, next, self.qs.get(p.k + 2), e)
            }
            _ => post,
        };
        let own = self.own_subject(p, seg, r.measure, counter, &post, de);
        let mut list = self.handed_out(p, seg);
        if let Some(part) = industry_part(f, self.s, q) {
            list = vec![part];
        }
        if list.is_empty() {
            list = self.single_subject(p, r.measure, &own, counter);
        }
        if let Some(subject) = &start.reached {
            list = vec![subject.clone()];
            self.to_next += 1;
        }
        if r.measure == Measure::Share {
            for s in &mut list {
                share_of_whole(s, f, p.seg_start, q.num_start.min(q.start));
            }
        }
        Subjects {
            list,
            counter,
            post,
        }
    }

    /// What the quantity's own words say it measures (empty when they name nothing): the
    /// words before it, or the things counted after it (`post`, after a 的 when `de`).
    fn own_subject(
        &self,
        p: &Place,
        seg: &Segment,
        measure: Measure,
        counter: bool,
        post: &str,
        de: bool,
    ) -> String {
        let (f, e, q, seg_text) = (self.f, self.e, p.q, seg.text);
        let pre = &seg.pre;
        let own = if measure == Measure::Ratio && is_ratio(seg_text) {
            // 利润总额为“十三五”时期的2.2倍: what stands before 为 / 是, if anything.
            let head = seg_text
                .rfind(['为', '是'])
                .map(|p| &seg_text[..p])
                .unwrap_or("");
            subject::clean(head)
        } else if self.is_run(q) {
            // 脱贫地区农民收入增速连续5年高于全省平均水平: a run counts the years of what the
            // whole clause says.
            let stop = (q.end..e)
                .find(|&j| matches!(f[j], '，' | '；' | '。' | '、'))
                .unwrap_or(e)
                .min(q.end + 24);
            let rest = self.ctx.layout.folded_str(q.end, stop);
            let head = pre.strip_suffix("连续").unwrap_or(pre).to_string();
            format!("{head}{rest}")
        } else if !seg_text.is_empty() && seg_text.chars().all(|c| matches!(c, '∶' | ':' | '：'))
        {
            // 8.3∶41.4∶50.3: the parts after the first share its subject.
            String::new()
        } else if de && !post.is_empty() {
            format!("{post}{pre}")
        } else if let Some(what) = (counter && p.seg_start == p.clause)
            .then(|| subject::measures_issued(pre, post))
            .flatten()
        {
            // 出台促进民营经济高质量发展27条举措: the measures named by what they do.
            what
        } else if counter && !post.is_empty() && p.seg_start == p.clause && subject::modifies(pre) {
            // 抓实能源科技创新9条路径: what the words before say of the things counted.
            format!("{pre}{post}")
        } else if !post.is_empty()
            && measure != Measure::Rank
            && !counts_steps(post)
            && (counter || !["台阶", "大关", "关口"].contains(&post))
            && (counter
                || pre.is_empty()
                || subject::is_verb_phrase(pre)
                || names_no_measure(pre, post))
        {
            // (Not 4万亿、5万亿两个台阶: the steps after are counted on their own.)
            post.to_string()
        } else {
            pre.clone()
        };
        let own = own.trim().to_string();
        // 石化新材料成为…第4条产值超500亿元产业链: the thing's own level of the class's measure.
        let own = super::cues::joins_the_class(f, q, e).unwrap_or(own);
        let own = match funding(&own) {
            // 筹措7亿元实施就业惠民工程: money raised for the works named after it.
            Some(measure) if q.unit == "元" => {
                let rest = crate::chars::string(&f[p.q_end..e.min(p.q_end + 30)]);
                match subject::purpose(&rest) {
                    spent_on if spent_on.is_empty() => own,
                    spent_on => format!("{spent_on}{measure}"),
                }
            }
            _ => own,
        };
        let own = if measure == Measure::Level {
            self.with_benefactor(p, own)
        } else {
            own
        };
        // 地区生产总值年均增长6.3%，五年跨越两个千亿元台阶: milestones crossed are the owner's,
        // the subject before them, when their own clause names none.
        let own = match self.items.last() {
            Some(it)
                if counter
                    && pre.is_empty()
                    && ["台阶", "大关", "关口"].iter().any(|w| own.ends_with(w))
                    && !it.subject.ends_with(&own) =>
            {
                format!("{}{own}", it.subject)
            }
            _ => own,
        };
        // 达到93%、高于全国平均水平18.3个百分点: a gap against a reference is of the rate before.
        let own = if subject::is_comparison(&own) {
            String::new()
        } else {
            own
        };
        // 建设5大微短剧基地: an N大 count counts the noun after it, and only that.
        let own =
            if q.end > 0 && f[q.end - 1] == '大' && matches!(q.unit.as_str(), "个" | "项" | "家")
            {
                big_noun(f, q.end, e)
            } else {
                own
            };
        // 新建6个国家级、20个省级临床重点专科: the noun after the last rank is every rank's.
        let own = if own.ends_with('级') && (2..=4).contains(&own.chars().count()) {
            match subject::rank_noun(&f[q.end..e]) {
                Some(noun) => format!("{own}{noun}"),
                None => own,
            }
        } else {
            own
        };
        // 新增铁路运营里程639公里、其中高铁370公里: a part takes the measure of the whole.
        match self.items.last() {
            Some(it) if find_short(seg_text, "其中").is_some() => {
                subject::part_of(&it.subject, &own)
            }
            _ => own,
        }
    }

    /// 惠及23.6万婴幼儿 / 带动消费791亿元: who benefits or what is driven, named with what
    /// benefits or drives them — the words before the verb in the clause (“以旧换新”政策惠及76万
    /// 群众), or the clause before when it holds no number of its own (实施育儿补贴制度，惠及…;
    /// after 改造老旧小区1万余个， it is only 惠及居民). A head count with no noun is of 人数 /
    /// 户数.
    fn with_benefactor(&self, p: &Place, own: String) -> String {
        let (f, s, q) = (self.f, self.s, p.q);
        let words = crate::chars::string(&f[p.seg_start..q.start.min(q.num_start)]);
        let Some((verb, at)) = ["惠及", "带动"]
            .iter()
            .find_map(|v| words.find(v).map(|at| (*v, at)))
        else {
            return own;
        };
        // 产业带动新型城镇化建设等8项行动: a verb inside a name or list is none of this.
        if words[at..].contains(['、', '等']) || find_short(&words[..at], "、").is_some() {
            return own;
        }
        let heads = match q.unit.as_str() {
            "人" | "人次" => "人数",
            "户" | "户次" => "户数",
            _ => "",
        };
        let thing = match own.find(verb) {
            // 城镇老旧小区改造惠及10万余户: the clause names what benefits.
            Some(i) if !subject::clean(&own[..i]).is_empty() => {
                return if own.ends_with(verb) && verb == "惠及" {
                    format!("{own}{heads}")
                } else {
                    own
                };
            }
            Some(i) => own[i + verb.len()..].to_string(),
            None => own,
        };
        let by = subject::clean(&words[..at]);
        let by = if !by.is_empty() || p.seg_start != p.clause {
            by
        } else {
            clause_before(f, s, p.clause)
                .filter(|c| !c.chars().any(|ch| ch.is_ascii_digit()))
                .map(|c| {
                    let t = subject::stated_topic(&c);
                    if t.is_empty() {
                        subject::topic(&c)
                    } else {
                        t
                    }
                })
                .filter(|b| b.chars().count() <= 16)
                .unwrap_or_default()
        };
        if by.is_empty() {
            match verb {
                "带动" => thing,
                _ if thing.is_empty() => format!("{verb}{heads}"),
                _ => format!("{verb}{thing}"),
            }
        } else if thing.is_empty() {
            format!("{by}{verb}{heads}")
        } else {
            format!("{by}{verb}{thing}")
        }
    }

    /// The subjects a 分别 hands out (the subjects before it, one a number) or a 均 shares
    /// (城镇…、农村…均增长8%); none when neither stands.
    fn handed_out(&mut self, p: &Place, seg: &Segment) -> Vec<String> {
        let (q, seg_text) = (p.q, seg.text);
        // 每千人床位数、执业（助理）医师数增至7.83张、3.57个: a list paired with as many numbers.
        let fenbie_here = find_short(seg_text, "分别").is_some();
        let paired = (!fenbie_here && !seg.bare)
            .then(|| Fenbie::paired(seg_text, &self.qs[p.k..], self.f))
            .flatten();
        if fenbie_here {
            let fenbie = Fenbie::new(
                seg_text,
                &self.qs[p.k..],
                self.f,
                &self.items[self.group_from..],
            );
            self.fenbie = Some(fenbie);
            self.group_from = self.items.len();
            self.group_id += 1;
        } else if paired.is_some() {
            self.fenbie = paired;
            self.group_from = self.items.len();
            self.group_id += 1;
        } else if !seg.bare {
            self.fenbie = None;
        }
        let mut subjects: Vec<String> = Vec::new();
        if let Some(fb) = self.fenbie.as_mut() {
            if let Some(sub) = fb.next() {
                subjects.push(sub);
                let own_bound =
                    p.before.is_some() || p.after.is_some() || q.upper.is_some() || q.more;
                self.groups.push(Member {
                    fact: self.facts.len(),
                    group: self.group_id,
                    own_bound,
                });
            }
        }
        if subjects.is_empty() && is_shared(seg_text) {
            // 城镇…、农村…均增长8%: the list is the clause's own.
            let (head, tail) = split_shared(seg_text);
            let own_list = subject::split_list(&head);
            let prev: Vec<String> = if own_list.len() >= 2 {
                own_list
                    .iter()
                    .map(|s| s.trim_end_matches(tail.as_str()).to_string())
                    .collect()
            } else {
                distinct(
                    self.items[self.group_from..]
                        .iter()
                        .map(|it| it.subject.clone()),
                )
            };
            // …增长9.5%，增速均居全省第一 / 增长5.5%，总量和增速均居全国第5位: the measures
            // named before 均 are of the things before.
            let head = subject::clean(&head);
            let measures = (own_list.len() < 2).then(|| measures_of(&head)).flatten();
            let tail = subject::clean(&tail);
            match measures {
                Some(ms) if prev.len() >= 2 && ms.len() == 1 => {
                    subjects = prev.iter().map(|p| format!("{p}{}{tail}", ms[0])).collect();
                    self.group_from = self.items.len();
                }
                Some(ms) if prev.len() == 1 && ms.len() >= 2 => {
                    subjects = ms.iter().map(|m| format!("{}{m}{tail}", prev[0])).collect();
                    self.group_from = self.items.len();
                }
                _ if prev.len() >= 2 => {
                    subjects = prev.into_iter().map(|p| format!("{p}{tail}")).collect();
                    self.group_from = self.items.len();
                }
                _ => {}
            }
        }
        subjects
    }

    /// The quantity's one subject: its own, else (or when only a bare measure, 产值) the one
    /// before it or the topic; a list of them when one place or one doubling is every item's.
    fn single_subject(&self, p: &Place, measure: Measure, own: &str, counter: bool) -> Vec<String> {
        let (f, q) = (self.f, p.q);
        let parenthetical = own.starts_with(['（', '(']) && !own.contains(['）', ')']);
        let sub = if parenthetical && self.items.last().is_some() {
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
        } else {
            list_item_of_verb(f, p.seg_start, p.same_clause, own, self.items.last())
                .unwrap_or_else(|| own.to_string())
        };
        // 综合指数、PM10、臭氧改善幅度全国第一 / 工业机器人、光伏电池产量成倍增长: one place
        // or one doubling held by every item of the list; so is a change or a rate (see
        // `held_by_each`).
        // 粮食播种面积、单产、总产连续6年增长: a run said of a list is each item's.
        let run = q.unit == "年"
            && (q.start >= 2 && f[q.start - 2..q.start] == ['连', '续']
                || f[q.num_start..q.end].contains(&'连'));
        // 内江、眉山、自贡、遂宁经济总量突破2000亿元 / 汽车、建材、电子信息产业超千亿元: a
        // milestone said of places or industries is each one's.
        let milestone = (measure == Measure::Level
            && q.unit == "元"
            && matches!(p.before, Some((crate::Bound::AtLeast, _)))
            && find_short(&sub, "、").is_some()
            && sub.split('、').all(|it| it.chars().count() <= 10)
            && names_things(&sub))
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
        .flatten();
        if let Some(tail) = milestone {
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
            return items;
        }
        let items = if find_short(&sub, "、").is_some()
            && (measure == Measure::Rank
                || starts_with_word(f, q.start, "成倍")
                || (held_by_each(measure, &sub) || run) && names_things(&sub))
        {
            let sub = if run {
                ["增长", "提高", "提升", "下降", "增加"]
                    .iter()
                    .find_map(|v| sub.strip_suffix(v))
                    .unwrap_or(&sub)
            } else {
                &sub
            };
            subject::split_list(sub)
        } else {
            Vec::new()
        };
        if items.len() >= 2 {
            items
        } else {
            vec![sub]
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
            let rest: String = crate::chars::string(&f[p.q_end..e.min(p.q_end + 30)]);
            let spent_on = subject::purpose(&rest);
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

/// 两个台阶 / 三个大关: milestones counted on their own.
/// 三次产业结构调整为8.3∶41.4∶50.3: each part of the three-sector structure is the share of
/// its sector (第一产业比重, 第二产业比重, 第三产业比重).
fn industry_part(f: &[char], s: usize, q: &crate::quantity::Quantity) -> Option<String> {
    use crate::quantity::is_colon;
    if q.sort != Sort::Percent || q.unit != "%" {
        return None;
    }
    let (a, b) = (q.num_start, q.end);
    if !(a > s && is_colon(f.get(a - 1)) || is_colon(f.get(b))) {
        return None;
    }
    // Where the ratio starts, and how many parts stand before this one.
    let mut k = a;
    let mut index = 0;
    while k > s && is_colon(f.get(k - 1)) {
        index += 1;
        k -= 1;
        while k > s && (f[k - 1].is_ascii_digit() || f[k - 1] == '.') {
            k -= 1;
        }
    }
    let parts = 1 + index + {
        let mut j = b;
        let mut after = 0;
        while is_colon(f.get(j)) {
            after += 1;
            j += 1;
            while f.get(j).is_some_and(|c| c.is_ascii_digit() || *c == '.') {
                j += 1;
            }
        }
        after
    };
    if parts != 3 {
        return None;
    }
    let before: String = crate::chars::string(&f[k.saturating_sub(24).max(s)..k]);
    find_short(&before, "产业结构")?;
    Some(format!("{}产业比重", ["第一", "第二", "第三"][index]))
}

/// 新增两院院士占全国近一半 → 新增两院院士占全国比重; 民营经济主体占97.2% → 民营经济主体占比:
/// a subject left ending on 占 names the whole it is a share of (`f[from..at]` holds the words
/// before the number).
fn share_of_whole(subject: &mut String, f: &[char], from: usize, at: usize) {
    if !subject.ends_with('占') || at <= from {
        return;
    }
    let Some(zhan) = (from..at).rev().find(|&j| f[j] == '占') else {
        return;
    };
    let mut whole = crate::chars::string(&f[zhan + 1..at]);
    for tail in ["的", "近", "超过", "超", "达到", "达", "约", "逾"] {
        if let Some(w) = whole.strip_suffix(tail) {
            whole = w.to_string();
        }
    }
    let whole = whole.trim();
    if whole.is_empty() {
        subject.push('比');
    } else if whole.chars().count() <= 8 && whole.chars().all(crate::chars::is_cjk) {
        subject.push_str(whole);
        subject.push_str("比重");
    }
}

/// 保有量 / 年度投资 / 运营里程 / 在园师生规模: a measure that needs its owner, when it
/// opens its words with nothing that names one.
fn relational(own: &str) -> bool {
    const HEADS: &[&str] = &[
        "保有量",
        "访问量",
        "月访问量",
        "办件量",
        "年度投资",
        "运营里程",
        "通车里程",
        "检查总量",
    ];
    HEADS.contains(&own)
}

/// 落实资金 / 实施项目: a verb of carrying out and a bare measure, which the owner before
/// (对口援青和东西部协作持续深化，落实资金27.3亿元) makes a subject.
fn verb_and_generic(own: &str) -> bool {
    const VERBS: &[&str] = &["落实", "实施", "争取", "安排", "引进", "投入", "完成"];
    VERBS.iter().any(|v| {
        own.strip_prefix(v)
            .is_some_and(|rest| ["资金", "项目"].contains(&rest))
    })
}

/// A verb of raising or giving money standing alone before an amount (筹措, 统筹, 投入), and
/// the measure its purpose takes (资金, 投入).
fn funding(own: &str) -> Option<&'static str> {
    match own {
        "筹措" | "统筹" | "筹集" | "整合" | "下达" | "拨付" | "争取" | "安排" => {
            Some("资金")
        }
        "投入" => Some("投入"),
        _ => None,
    }
}

fn counts_steps(words: &str) -> bool {
    words.starts_with(|c: char| {
        matches!(
            c,
            '一' | '两' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        )
    }) && ["台阶", "大关", "关口"].iter().any(|w| words.ends_with(w))
}

/// The measures a bare head names (增速, 总量和增速), when it names only measures of a thing.
fn measures_of(head: &str) -> Option<Vec<&str>> {
    const MEASURES: &[&str] = &["增速", "增幅", "总量", "增量", "规模"];
    let parts: Vec<&str> = head.split(['和', '、']).collect();
    parts.iter().all(|p| MEASURES.contains(p)).then_some(parts)
}

/// 沿河5.3公里道路 / 做好22.8公里道路的扩建 / 完成二期170万平方米供热改造: two chars before an
/// amount that name no measure (a place, a verb, a phase) leave the subject to the words after.
/// Not money raised for works named after it (筹措7亿元实施…: see [`funding`]), nor a sum
/// converted (折合1148亿元人民币).
fn names_no_measure(pre: &str, post: &str) -> bool {
    pre.chars().count() <= 2
        && funding(pre).is_none()
        && !["折合", "约合", "合计", "共计", "总计", "累计", "其中"].contains(&pre)
        && !post.starts_with("人民币")
        && !pre.ends_with([
            '量', '额', '值', '率', '数', '积', '程', '度', '资', '入', '出', '产', '价', '费',
            '金', '款', '税', '费', '绿', '化',
        ])
}
