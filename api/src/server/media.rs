//! The media type of a GraphQL answer, negotiated from `Accept` as the GraphQL-over-HTTP specification
//! describes: `application/graphql-response+json` when the client asks for it, `application/json`
//! otherwise (and when `Accept` is missing or says only `*/*`).
//!
//! The two differ only for a request error (a document that does not parse or validate, variables
//! that do not coerce, a request the limits refuse): under `application/graphql-response+json` it is
//! answered 400 without a `data` entry; under `application/json` it stays 200, as older clients expect.

use actix_web::HttpRequest;
use actix_web::http::header;

/// `application/graphql-response+json`.
pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

/// What a GraphQL answer is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// `application/json`: request errors are 200.
    Json,
    /// `application/graphql-response+json`: request errors are 400 without `data`.
    GraphqlResponse,
}

impl Media {
    /// The `Content-Type` of the answer.
    pub fn content_type(self) -> &'static str {
        match self {
            Media::Json => "application/json",
            Media::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
        }
    }
}

/// The answer's media type, or `None` when `Accept` allows neither (406).
pub fn negotiate(req: &HttpRequest) -> Option<Media> {
    let accept: Vec<&str> = req
        .headers()
        .get_all(header::ACCEPT)
        .filter_map(|v| v.to_str().ok())
        .collect();
    choose(&accept.join(","))
}

/// [`negotiate`] on the text of `Accept`.
fn choose(accept: &str) -> Option<Media> {
    if accept.trim().is_empty() {
        return Some(Media::Json);
    }
    let mut graphql: Option<(f32, u8)> = None;
    let mut json: Option<(f32, u8)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let kind = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        if kind.is_empty() {
            continue;
        }
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .filter_map(|q| q.trim().parse::<f32>().ok())
            .next()
            .unwrap_or(1.0)
            .clamp(0.0, 1.0);
        // How exactly the range names the type: the most specific range decides.
        let rank = |exact: &str| -> Option<u8> {
            if kind == exact {
                Some(3)
            } else if kind == "application/*" {
                Some(2)
            } else if kind == "*/*" {
                Some(1)
            } else {
                None
            }
        };
        let note = |slot: &mut Option<(f32, u8)>, exact: &str| {
            if let Some(r) = rank(exact)
                && slot.is_none_or(|(_, best)| r > best)
            {
                *slot = Some((q, r));
            }
        };
        note(&mut graphql, GRAPHQL_RESPONSE_JSON);
        note(&mut json, "application/json");
    }
    let q = |slot: Option<(f32, u8)>| slot.map_or(0.0, |(q, _)| q);
    let named = |slot: Option<(f32, u8)>| slot.is_some_and(|(_, rank)| rank == 3);
    let (g, j) = (q(graphql), q(json));
    if g <= 0.0 && j <= 0.0 {
        return None;
    }
    // Ask by name for the newer type to get it; a wildcard alone keeps the older one.
    if g > j || (g == j && named(graphql) && !named(json)) {
        Some(Media::GraphqlResponse)
    } else if j > 0.0 {
        Some(Media::Json)
    } else {
        Some(Media::GraphqlResponse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newer_type_is_answered_only_when_asked_for() {
        assert_eq!(choose(""), Some(Media::Json), "no Accept: application/json");
        assert_eq!(choose("*/*"), Some(Media::Json));
        assert_eq!(choose("application/json"), Some(Media::Json));
        assert_eq!(
            choose("application/graphql-response+json"),
            Some(Media::GraphqlResponse)
        );
        assert_eq!(
            choose("application/graphql-response+json, application/json;q=0.9"),
            Some(Media::GraphqlResponse)
        );
        assert_eq!(
            choose("application/graphql-response+json;q=0.5, application/json"),
            Some(Media::Json)
        );
        assert_eq!(
            choose("application/graphql-response+json, */*;q=0.1"),
            Some(Media::GraphqlResponse)
        );
        assert_eq!(
            choose("Application/GraphQL-Response+JSON; charset=utf-8"),
            Some(Media::GraphqlResponse)
        );
        assert_eq!(choose("application/*"), Some(Media::Json));
    }

    #[test]
    fn an_accept_that_allows_neither_type_is_refused() {
        assert_eq!(choose("text/html"), None);
        assert_eq!(choose("application/json;q=0"), None);
        assert_eq!(choose("text/html, application/xml;q=0.9"), None);
        assert_eq!(
            choose("text/html, application/json;q=0.1"),
            Some(Media::Json)
        );
    }
}
