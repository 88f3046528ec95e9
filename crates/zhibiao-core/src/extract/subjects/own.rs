//! A quantity's own subject: the words before it or the things counted after it, then what
//! the clause around it adds (money raised for works, who benefits, milestones, ranks, parts).

use crate::chars::find_short;
use crate::extract::owners::clause_before;
use crate::extract::sentence::{Place, Segment, Sentence};
use crate::qualifier::is_ratio;
use crate::quantity::big_noun;
use crate::subject;
use crate::Measure;

impl Sentence<'_> {
    /// What the quantity's own words say it measures (empty when they name nothing): the
    /// words before it, or the things counted after it (`post`, after a 的 when `de`).
    pub(super) fn own_subject(
        &self,
        p: &Place,
        seg: &Segment,
        measure: Measure,
        counter: bool,
        post: &str,
        de: bool,
    ) -> String {
        let (f, e, q) = (self.f, self.e, p.q);
        let own = self.own_words(p, seg, measure, counter, post, de);
        // Trimmed in place when there is anything to trim (a copy only then).
        let own = if own.trim().len() == own.len() {
            own
        } else {
            own.trim().to_string()
        };
        // 石化新材料成为…第4条产值超500亿元产业链: the thing's own level of the class's measure.
        let own = crate::extract::cues::joins_the_class(f, q, e).unwrap_or(own);
        let own = self.funded_works(p, own);
        let own = if measure == Measure::Level {
            self.with_benefactor(p, own)
        } else {
            own
        };
        let own = self.milestones_of_owner(counter, &seg.pre, own);
        // 达到93%、高于全国平均水平18.3个百分点: a gap against a reference is of the rate before.
        let own = if subject::is_comparison(&own) {
            String::new()
        } else {
            own
        };
        let own = self.counted_noun(p, own);
        // 新增铁路运营里程639公里、其中高铁370公里: a part takes the measure of the whole.
        match self.items.last() {
            Some(it) if find_short(seg.text, "其中").is_some() => {
                subject::part_of(&it.subject, &own)
            }
            _ => own,
        }
    }

    /// The words that name what the quantity measures, before any look at the clause around
    /// it: what stands before 为 in a ratio, what a run of years says, the things counted after
    /// it, or the words before it.
    fn own_words(
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
        if measure == Measure::Ratio && is_ratio(seg_text) {
            // 利润总额为“十三五”时期的2.2倍: what stands before 为 / 是, if anything.
            // 固定资产投资完成年度计划的105%: what stands before 完成.
            // 接待游客恢复到上年的78%: what stands before 恢复.
            let head = seg_text
                .rfind(['为', '是'])
                .or_else(|| seg_text.rfind("完成"))
                .or_else(|| seg_text.rfind("恢复"))
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
        }
    }

    /// 筹措7亿元实施就业惠民工程: money raised (`own` a bare verb of funding, see [`funding`])
    /// for the works named after it; `own` as it was otherwise.
    fn funded_works(&self, p: &Place, own: String) -> String {
        let (e, q) = (self.e, p.q);
        match funding(&own) {
            Some(measure) if q.unit == "元" => {
                let rest = self.ctx.layout.folded_str(p.q_end, e.min(p.q_end + 30));
                match subject::purpose(rest) {
                    spent_on if spent_on.is_empty() => own,
                    spent_on => format!("{spent_on}{measure}"),
                }
            }
            _ => own,
        }
    }

    /// 地区生产总值年均增长6.3%，五年跨越两个千亿元台阶: milestones crossed are the owner's,
    /// the subject before them, when their own clause names none (`pre` empty).
    fn milestones_of_owner(&self, counter: bool, pre: &str, own: String) -> String {
        match self.items.last() {
            Some(it)
                if counter
                    && pre.is_empty()
                    && ["台阶", "大关", "关口"].iter().any(|w| own.ends_with(w))
                    && !it.subject.ends_with(&own) =>
            {
                format!("{}{own}", it.subject)
            }
            _ => own,
        }
    }

    /// The noun a count names after it: 建设5大微短剧基地 (an N大 count counts the noun after
    /// it, and only that); 新建6个国家级、20个省级临床重点专科 (the noun after the last rank is
    /// every rank's).
    fn counted_noun(&self, p: &Place, own: String) -> String {
        let (f, e, q) = (self.f, self.e, p.q);
        let own =
            if q.end > 0 && f[q.end - 1] == '大' && matches!(q.unit.as_str(), "个" | "项" | "家")
            {
                big_noun(f, q.end, e)
            } else {
                own
            };
        if own.ends_with('级') && (2..=4).contains(&own.chars().count()) {
            match subject::rank_noun(&f[q.end..e]) {
                Some(noun) => format!("{own}{noun}"),
                None => own,
            }
        } else {
            own
        }
    }

    /// 惠及23.6万婴幼儿 / 带动消费791亿元: who benefits or what is driven, named with what
    /// benefits or drives them — the words before the verb in the clause (“以旧换新”政策惠及76万
    /// 群众), or the clause before when it holds no number of its own (实施育儿补贴制度，惠及…;
    /// after 改造老旧小区1万余个， it is only 惠及居民). A head count with no noun is of 人数 /
    /// 户数.
    fn with_benefactor(&self, p: &Place, own: String) -> String {
        let (f, s, q) = (self.f, self.s, p.q);
        let words = self
            .ctx
            .layout
            .folded_str(p.seg_start, q.start.min(q.num_start));
        let Some((verb, at)) = ["惠及", "带动"]
            .iter()
            .find_map(|v| find_short(words, v).map(|at| (*v, at)))
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
        let thing = match find_short(&own, verb) {
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
            '金', '款', '税', '绿', '化',
        ])
}
