use super::*;

/// [`parse`] at an Arabic integer as it was: the [`Reader`] and [`finish`], no
/// [`arabic_integer`].
fn parse_by_reader(chars: &[char], start: usize, lone_financial: bool) -> Option<Numeral> {
    let best = Reader::new(chars, start).read();
    finish(chars, start, best, lone_financial)
}

/// Pseudo-random strings of digits, separators, points, spaces, units, approximations,
/// Chinese digits and other chars: at every Arabic integer (not a decimal), `parse` reads
/// what the reader reads.
#[test]
fn arabic_integer_is_what_the_reader_reads() {
    let alphabet: Vec<char> = "0123456789,. 万亿千百十兆多余几一两零点年%元个分瓦米"
        .chars()
        .collect();
    let mut x: u64 = 0xbb67_ae85_84ca_a73b;
    let mut fast = 0;
    for _ in 0..100_000 {
        let t = crate::chars::random_string(&mut x, 14, |y| {
            // Digits half the time.
            if y & 1 == 0 {
                char::from(b'0' + (y >> 8) as u8 % 10)
            } else {
                alphabet[((y >> 8) % alphabet.len() as u64) as usize]
            }
        });
        let chars: Vec<char> = t.chars().collect();
        for start in 0..chars.len() {
            if !chars[start].is_ascii_digit() || scan_arabic(&chars, start).frac {
                continue;
            }
            fast +=
                usize::from(arabic_integer(&chars, start, scan_arabic(&chars, start)).is_some());
            for lone in [false, true] {
                let (a, b) = (
                    parse(&chars, start, lone),
                    parse_by_reader(&chars, start, lone),
                );
                assert_eq!(
                    a.map(|n| (n.start, n.end, n.value.to_bits(), n.chinese, n.magnitude)),
                    b.map(|n| (n.start, n.end, n.value.to_bits(), n.chinese, n.magnitude)),
                    "{t:?} at {start}"
                );
            }
        }
    }
    assert!(fast > 10_000, "{fast}");
}
