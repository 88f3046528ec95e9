//! Numbers that share the unit of the last of their list (分别提高15、22个百分点, 分别惠及
//! 3500万、2300万人次): each is a quantity in that unit.

use super::scan::simple;
use super::Quantity;
use crate::number::numeral_at;

/// Adds to `out` (the quantities of `f[start..]`, in order) the bare numbers that stand before a
/// quantity, separated by 、, when 分别 governs the list (it stands at most eight chars before
/// its first number): each takes the unit and sort of the quantity that ends the list. Not when
/// the number is written with a magnitude (万, 亿) and the last is not, or the other way round.
pub(super) fn share_units(f: &[char], start: usize, out: &mut Vec<Quantity>) {
    points_listed(f, out);
    let mut added = Vec::new();
    for q in out.iter() {
        // Only a number right after 、 may end such a list: the numeral of the others (most
        // quantities) is not read.
        if q.unit.is_empty() || q.num_start < start + 2 || f[q.num_start - 1] != '、' {
            continue;
        }
        let Some(last) = numeral_at(f, q.num_start).filter(|n| n.end <= q.end) else {
            continue;
        };
        let mut list = Vec::new();
        let mut j = q.num_start;
        while j >= start + 2 && f[j - 1] == '、' {
            let sep = j - 1;
            let mut b = sep;
            while b > start && (f[b - 1].is_ascii_digit() || matches!(f[b - 1], '.' | '万' | '亿'))
            {
                b -= 1;
            }
            let numeral = numeral_at(f, b).filter(|n| {
                b < sep && n.end == sep && n.magnitude == last.magnitude && f[b].is_ascii_digit()
            });
            let Some(n) = numeral else {
                break;
            };
            if out.iter().any(|o| o.start <= b && b < o.end) {
                break;
            }
            list.push(simple(b, sep, b, n.value, &q.unit, q.sort));
            j = b;
        }
        let governed = list.last().is_some_and(|first| {
            let from = first.start.saturating_sub(8).max(start);
            f[from..first.start].windows(2).any(|w| w == ['分', '别'])
        });
        if governed {
            added.extend(list);
        }
    }
    if !added.is_empty() {
        out.extend(added);
        out.sort_by_key(|q| q.start);
    }
}

/// 分别快于全国3.4个、1个百分点: a count in 个 right before 、 and a number of percentage
/// points is in points too (its 个 is the first char of 个百分点).
fn points_listed(f: &[char], out: &mut [Quantity]) {
    for k in (0..out.len().saturating_sub(1)).rev() {
        let (a, b) = (&out[k], &out[k + 1]);
        if a.unit == "个"
            && b.unit == "个百分点"
            && f.get(a.end) == Some(&'、')
            && a.end + 1 == b.num_start
            && a.upper.is_none()
        {
            let sort = b.sort;
            out[k].unit = b.unit.clone();
            out[k].sort = sort;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::scan::quantities;

    fn read(text: &str) -> Vec<(f64, String)> {
        let f: Vec<char> = text.chars().collect();
        quantities(&f, 0, f.len())
            .into_iter()
            .map(|q| (q.value, q.unit))
            .collect()
    }

    #[test]
    fn numbers_before_the_last_of_a_respectively_list_share_its_unit() {
        assert_eq!(
            read("覆盖率、治理率、处理率分别提高20.9、36.2、54个百分点"),
            vec![
                (20.9, "个百分点".to_string()),
                (36.2, "个百分点".to_string()),
                (54.0, "个百分点".to_string())
            ]
        );
        assert_eq!(
            read("文化工程、健身工程分别惠及3500万、2300万人次"),
            vec![(3.5e7, "人次".to_string()), (2.3e7, "人次".to_string())]
        );
        assert_eq!(
            read("投资、消费增速分别快于全国3.4个、2个、1个百分点"),
            vec![
                (3.4, "个百分点".to_string()),
                (2.0, "个百分点".to_string()),
                (1.0, "个百分点".to_string())
            ]
        );
        assert_eq!(
            read("新建3个、改造5个百分点"),
            vec![(3.0, "个".to_string()), (5.0, "个百分点".to_string())]
        );
        // Without 分别, or with magnitudes that differ, a bare number stays no quantity.
        assert_eq!(read("编号15、22个"), vec![(22.0, "个".to_string())]);
        assert_eq!(
            read("分别增长15、22万人"),
            vec![(220_000.0, "人".to_string())]
        );
    }
}
