//! `share_head` against the former one (a `find_short` per head word over the last item).

use super::*;

/// The former `share_head`: each head searched for in the last item.
fn share_head_former(items: &mut [String]) {
    let last = items.last().cloned().unwrap_or_default();
    let suffix_of = |heads: &[&str]| {
        heads
            .iter()
            .filter_map(|h| {
                crate::chars::find_short(&last, h)
                    .filter(|&p| p > 0)
                    .map(|p| &last[p..])
            })
            .max_by_key(|s| s.len())
            .map(str::to_string)
    };
    let (whole, rate) = (suffix_of(shared_heads()), suffix_of(shared_rates()));
    let whole = whole.or_else(|| {
        (items.len() <= 3)
            .then(|| suffix_of(shared_sales()))
            .flatten()
    });
    let n = items.len();
    for it in &mut items[..n - 1] {
        let own_measure = shared_heads()
            .iter()
            .any(|h| !shared_rates().contains(h) && *h != "产业" && it.ends_with(h));
        if it.ends_with('量') && rate.is_none() {
            continue;
        }
        let Some(suffix) = (if own_measure {
            rate.as_ref()
        } else {
            whole.as_ref()
        }) else {
            continue;
        };
        let rest = head_rest(it, suffix);
        it.push_str(&rest);
    }
}

#[test]
fn share_head_is_the_former_one() {
    // The heads' words, their chars, and a few others (业 for `head_rest`, 量).
    let mut pieces: Vec<&str> = [shared_heads(), shared_rates(), shared_sales()].concat();
    pieces.extend([
        "业", "量", "工", "制造", "GDP", "a", "、", "产", "业务", "额", "比",
    ]);
    let chars: Vec<String> = pieces
        .iter()
        .flat_map(|w| w.chars())
        .map(String::from)
        .collect();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for k in 0..60_000 {
        let n = 1 + (k % 4);
        let items: Vec<String> = (0..n)
            .map(|_| {
                if k % 2 == 0 {
                    super::test_strings::lcg_string(&mut x, 8, |y| {
                        pieces[y as usize % pieces.len()]
                    })
                } else {
                    super::test_strings::lcg_string(&mut x, 12, |y| {
                        chars[y as usize % chars.len()].as_str()
                    })
                }
            })
            .collect();
        let (mut a, mut b) = (items.clone(), items.clone());
        share_head(&mut a);
        share_head_former(&mut b);
        assert_eq!(a, b, "{items:?}");
    }
}
