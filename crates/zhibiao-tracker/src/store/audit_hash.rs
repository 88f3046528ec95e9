//! The hash chain of the audit log, shared by every backend so that an entry hashes the same
//! whichever database holds it.

use crate::util::sha256_hex;

/// The hash of an entry: SHA-256 over the previous hash and every field, each
/// length-prefixed so that no two entries serialise alike.
#[allow(clippy::too_many_arguments)]
pub(crate) fn chain_hash(
    prev: &str,
    at: i64,
    user_id: Option<i64>,
    user_name: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    before: Option<&str>,
    after: Option<&str>,
    via: Option<&str>,
) -> String {
    let mut fields = vec![
        prev.to_string(),
        at.to_string(),
        user_id.map(|i| i.to_string()).unwrap_or_default(),
        user_name.to_string(),
        action.to_string(),
        entity.to_string(),
        entity_id.map(|i| i.to_string()).unwrap_or_default(),
        before.unwrap_or("").to_string(),
        after.unwrap_or("").to_string(),
    ];
    // Entries made before the `via` column (and every entry made on the web or the command
    // line) hash without it, so that logs written before still verify.
    if let Some(v) = via {
        fields.push(v.to_string());
    }
    let mut buf = String::new();
    for f in &fields {
        buf.push_str(&f.len().to_string());
        buf.push(':');
        buf.push_str(f);
    }
    sha256_hex(buf.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chain must not change: logs written before would no longer verify.
    #[test]
    fn the_hash_is_stable() {
        let h = chain_hash(
            "",
            1_700_000_000,
            Some(3),
            "张三",
            "edit",
            "commitment",
            Some(7),
            Some("{\"a\":1}"),
            None,
            None,
        );
        assert_eq!(h.len(), 64);
        assert_eq!(
            h,
            sha256_hex("0:10:17000000001:36:张三4:edit10:commitment1:77:{\"a\":1}0:".as_bytes())
        );
        let api = chain_hash(
            "",
            1_700_000_000,
            Some(3),
            "张三",
            "edit",
            "commitment",
            Some(7),
            Some("{\"a\":1}"),
            None,
            Some("api"),
        );
        assert_eq!(
            api,
            sha256_hex(
                "0:10:17000000001:36:张三4:edit10:commitment1:77:{\"a\":1}0:3:api".as_bytes()
            ),
            "an action through a token hashes its channel too"
        );
    }
}
