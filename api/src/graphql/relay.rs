//! Relay conventions: opaque global ids (`base64url("Type:key")`) and opaque cursors, plus the page
//! size rules every connection follows.

use async_graphql::ID;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::bad_input;

/// Page size when `first` is not given.
pub const DEFAULT_PAGE: i32 = 20;
/// Largest `first` of ordinary connections.
pub const MAX_PAGE: i32 = 100;
/// Largest `first` of bulk score connections (reporting).
pub const MAX_BULK_PAGE: i32 = 1000;

/// Whether the connection being resolved selects its `totalCount` (directly, under an alias or
/// through a fragment): counting costs a statement, so a page that does not ask is not counted.
pub fn selects_total(ctx: &async_graphql::Context<'_>) -> bool {
    ctx.look_ahead().field("totalCount").exists()
}

/// The global id of a node of `kind` (a GraphQL type name) with its natural `key`.
pub fn global_id(kind: &str, key: &str) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{kind}:{key}")))
}

/// The type name and key of a global id, if it is one of ours.
pub fn parse_global_id(id: &str) -> Option<(String, String)> {
    let bytes = URL_SAFE_NO_PAD.decode(id.as_bytes()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (kind, key) = text.split_once(':')?;
    Some((kind.to_string(), key.to_string()))
}

/// An opaque cursor holding a position of type `T`.
pub fn encode_cursor<T: Serialize>(position: &T) -> String {
    let json = serde_json::to_vec(position).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(json)
}

/// The position a cursor holds, or a `BAD_USER_INPUT` error naming the argument.
pub fn decode_cursor<T: DeserializeOwned>(
    cursor: &str,
    argument: &str,
) -> async_graphql::Result<T> {
    URL_SAFE_NO_PAD
        .decode(cursor.as_bytes())
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| bad_input(format!("{argument}: not a cursor of this connection")))
}

/// The page size: `first` within `1..=max`, or a `BAD_USER_INPUT` error.
pub fn page_size(first: Option<i32>, max: i32) -> async_graphql::Result<u64> {
    match first {
        None => Ok(DEFAULT_PAGE.min(max) as u64),
        Some(n) if (1..=max).contains(&n) => Ok(n as u64),
        Some(n) => Err(bad_input(format!(
            "first: must be between 1 and {max}, got {n}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_ids_round_trip_and_reject_foreign_text() {
        let id = global_id("Partner", "1234567");
        assert_eq!(
            parse_global_id(&id),
            Some(("Partner".into(), "1234567".into()))
        );
        assert!(!id.as_str().contains("Partner"), "ids are opaque");
        assert_eq!(parse_global_id("not base64!"), None);
        assert_eq!(parse_global_id(&URL_SAFE_NO_PAD.encode("no-colon")), None);
    }

    #[test]
    fn page_sizes_are_capped_and_validated() {
        assert_eq!(page_size(None, MAX_PAGE).unwrap(), 20);
        assert_eq!(page_size(Some(100), MAX_PAGE).unwrap(), 100);
        assert!(page_size(Some(101), MAX_PAGE).is_err());
        assert!(page_size(Some(0), MAX_PAGE).is_err());
        assert!(page_size(Some(-5), MAX_PAGE).is_err());
        assert_eq!(page_size(Some(1000), MAX_BULK_PAGE).unwrap(), 1000);
    }

    #[test]
    fn a_cursor_from_another_connection_is_refused() {
        let c = encode_cursor(&("Acme", 7i64));
        let back: (String, i64) = decode_cursor(&c, "after").unwrap();
        assert_eq!(back, ("Acme".to_string(), 7));
        assert!(decode_cursor::<(String, i64)>("garbage", "after").is_err());
    }
}
