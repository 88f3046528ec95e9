//! The pseudo-random strings the subject tests compare a step and its reference on.

/// A pseudo-random string of pieces (chars or words): `x` steps once (xorshift) and sets how
/// many (below `max`); each is `pick` of the high bits of the next step of a linear
/// congruential stream seeded with `x`.
pub(super) fn lcg_string<S>(x: &mut u64, max: u64, mut pick: impl FnMut(u64) -> S) -> String
where
    String: FromIterator<S>,
{
    crate::chars::xorshift(x);
    let len = (*x % max) as usize;
    let mut y = *x;
    (0..len)
        .map(|_| {
            y = y
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            pick(y >> 33)
        })
        .collect()
}
