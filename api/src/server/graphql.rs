//! `/graphql` over HTTP: POST with `application/json` for everything, GET for queries only (never
//! mutations), GraphiQL on GET when enabled; any other method is 405.
//!
//! Before anything runs, a request is bounded and checked: the body (1 MiB, read no further), the
//! document's shape ([`limits::shape`](crate::graphql::limits::shape): expanded size, depth, aliases,
//! introspection), its values ([`input::check`](crate::graphql::input::check)). It then runs within the request
//! timeout, its errors get their contract codes ([`finalize`]), and its answer is written only if it
//! fits `MAX_RESPONSE_BYTES`. Every refusal is a GraphQL error body with an `extensions.code`.

use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpRequest, HttpResponse, web};
use async_graphql::parser::types::OperationType;
use futures::StreamExt;

use super::AppState;
use super::media::{self, Media};
use crate::auth::authenticate_cached;
use crate::graphql::context::RequestData;
use crate::graphql::error::{code, finalize};
use crate::graphql::loader::Loaders;
use crate::graphql::mutation::auth::ClientAddr;
use crate::metrics::METRICS;

/// Largest GraphQL request body.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

fn error_response(media: Media, status: StatusCode, code: &str, message: &str) -> HttpResponse {
    HttpResponse::build(status)
        .content_type(media.content_type())
        .json(serde_json::json!({
            "errors": [{"message": message, "extensions": {"code": code}}],
        }))
}

/// 406: `Accept` allows neither GraphQL answer type.
fn not_acceptable() -> HttpResponse {
    error_response(
        Media::Json,
        StatusCode::NOT_ACCEPTABLE,
        code::BAD_USER_INPUT,
        "the answer is application/graphql-response+json or application/json: accept one of them",
    )
}

/// Reads the body, refusing (413, before reading more) one larger than [`MAX_BODY_BYTES`].
async fn read_body(
    media: Media,
    req: &HttpRequest,
    mut payload: web::Payload,
) -> Result<Vec<u8>, HttpResponse> {
    let too_large = || {
        error_response(
            media,
            StatusCode::PAYLOAD_TOO_LARGE,
            code::BAD_USER_INPUT,
            "the request body is larger than 1 MiB",
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(declared.unwrap_or(0).min(MAX_BODY_BYTES));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            error_response(
                media,
                StatusCode::BAD_REQUEST,
                code::BAD_USER_INPUT,
                "the request body could not be read",
            )
        })?;
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// POST `/graphql`.
pub async fn post(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let Some(media) = media::negotiate(&req) else {
        return not_acceptable();
    };
    let json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| {
            v.trim().eq_ignore_ascii_case("application/json")
                || v.trim()
                    .eq_ignore_ascii_case("application/graphql-response+json")
        })
        .unwrap_or(false);
    if !json {
        return error_response(
            media,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code::BAD_USER_INPUT,
            "send GraphQL requests as application/json",
        );
    }
    let body = match read_body(media, &req, payload).await {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(_) => {
            return error_response(
                media,
                StatusCode::BAD_REQUEST,
                code::BAD_USER_INPUT,
                "the body is not valid JSON",
            );
        }
    };
    if value.is_array() {
        return error_response(
            media,
            StatusCode::BAD_REQUEST,
            code::BAD_USER_INPUT,
            "batched requests are not supported",
        );
    }
    if !value.get("query").is_some_and(serde_json::Value::is_string) {
        return error_response(
            media,
            StatusCode::BAD_REQUEST,
            code::BAD_USER_INPUT,
            "the body must have \"query\": the GraphQL document, a string",
        );
    }
    let request: async_graphql::Request = match serde_json::from_value(value) {
        Ok(r) => r,
        Err(_) => {
            return error_response(
                media,
                StatusCode::BAD_REQUEST,
                code::BAD_USER_INPUT,
                "the body must be {\"query\": string, \"variables\"?: object, \"operationName\"?: string}",
            );
        }
    };
    execute(&state, &req, request, media, false).await
}

/// GET `/graphql`: GraphiQL for a browser (when enabled), or a query from the URL (mutations refused
/// with 405).
pub async fn get(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let query =
        web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
            .map(|q| q.into_inner())
            .unwrap_or_default();
    let Some(text) = query.get("query") else {
        if state.graphiql {
            // The page built with the admin UI (no CDN scripts), under its content security policy.
            return super::admin::graphiql(&req).await;
        }
        return HttpResponse::NotFound().finish();
    };
    let Some(media) = media::negotiate(&req) else {
        return not_acceptable();
    };
    let mut request = async_graphql::Request::new(text.clone());
    if let Some(vars) = query.get("variables") {
        match serde_json::from_str(vars) {
            Ok(v) => request = request.variables(async_graphql::Variables::from_json(v)),
            Err(_) => {
                return error_response(
                    media,
                    StatusCode::BAD_REQUEST,
                    code::BAD_USER_INPUT,
                    "variables: not JSON",
                );
            }
        }
    }
    if let Some(name) = query.get("operationName") {
        request = request.operation_name(name.clone());
    }
    execute(&state, &req, request, media, true).await
}

/// Any other method on `/graphql`.
pub async fn other_method() -> HttpResponse {
    HttpResponse::MethodNotAllowed()
        .insert_header((header::ALLOW, "GET, POST"))
        .content_type(ContentType::json())
        .json(serde_json::json!({
            "errors": [{"message": "use POST (or GET for queries)", "extensions": {"code": code::BAD_USER_INPUT}}],
        }))
}

async fn execute(
    state: &AppState,
    req: &HttpRequest,
    request: async_graphql::Request,
    media: Media,
    via_get: bool,
) -> HttpResponse {
    let started = Instant::now();
    let mut operation = request.operation_name.clone();
    // The whole request, credentials included, runs within the request timeout.
    let timeout = Duration::from_secs(state.limits.request_timeout_secs);
    let answer = match tokio::time::timeout(
        timeout,
        run(state, req, request, media, via_get, &mut operation),
    )
    .await
    {
        Ok(answer) => answer,
        Err(_) => {
            METRICS
                .overload
                .with_label_values(&["request_timeout"])
                .inc();
            tracing::warn!(
                seconds = timeout.as_secs(),
                "request cut off by the request timeout"
            );
            Answer::Refused(
                StatusCode::SERVICE_UNAVAILABLE,
                code::UNAVAILABLE,
                format!(
                    "the request took longer than {} s and was stopped; try again, or ask for less",
                    timeout.as_secs()
                ),
            )
        }
    };
    let operation = METRICS.operation_label(operation.as_deref());
    let outcome = outcome(&answer);
    METRICS.observe(
        "graphql",
        &operation,
        outcome,
        started.elapsed().as_secs_f64(),
    );
    answer.into_response(media)
}

/// What a request came to, before it is written.
enum Answer {
    /// Refused before running. `StatusCode::OK` marks a request error (the document, its variables or
    /// the limits): 200 under `application/json`, 400 under `application/graphql-response+json`.
    Refused(StatusCode, &'static str, String),
    /// Ran (or failed in the executor); the serialized body and the status it goes with.
    Ran(StatusCode, Vec<u8>, Option<&'static str>),
}

impl Answer {
    fn into_response(self, media: Media) -> HttpResponse {
        match self {
            Answer::Refused(status, code, message) => {
                let status = match (status, media) {
                    (StatusCode::OK, Media::GraphqlResponse) => StatusCode::BAD_REQUEST,
                    (status, _) => status,
                };
                let mut res = error_response(media, status, code, &message);
                if status == StatusCode::SERVICE_UNAVAILABLE {
                    res.headers_mut()
                        .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
                }
                res
            }
            Answer::Ran(status, body, _) => {
                let mut res = HttpResponse::build(status);
                res.content_type(media.content_type());
                if status == StatusCode::SERVICE_UNAVAILABLE {
                    res.insert_header((header::RETRY_AFTER, "1"));
                }
                res.body(body)
            }
        }
    }
}

/// The outcome code counted in the metrics: `OK`, or the first error's code.
fn outcome(answer: &Answer) -> &'static str {
    match answer {
        Answer::Refused(_, code, _) => code,
        Answer::Ran(_, _, code) => code.unwrap_or("OK"),
    }
}

async fn run(
    state: &AppState,
    req: &HttpRequest,
    mut request: async_graphql::Request,
    media: Media,
    via_get: bool,
    operation: &mut Option<String>,
) -> Answer {
    // Parse once, here; the executor is handed the parsed document. A document that does not parse
    // is left to the executor, which reports the syntax error with its position.
    let mut arguments = crate::graphql::input::Arguments::default();
    // A document that does not parse runs nothing; one that does is a mutation if any operation is.
    let mut mutation = false;
    let mut parsed = None;
    if let Ok(doc) = async_graphql::parser::parse_query(&request.query) {
        mutation = doc
            .operations
            .iter()
            .any(|(_, op)| op.node.ty == OperationType::Mutation);
        // The operation's name for the metrics: the one asked for, or the document's only one.
        if operation.is_none()
            && let async_graphql::parser::types::DocumentOperations::Multiple(ops) = &doc.operations
            && ops.len() == 1
        {
            *operation = ops.keys().next().map(|n| n.to_string());
        }
        if via_get && mutation {
            return Answer::Refused(
                StatusCode::METHOD_NOT_ALLOWED,
                code::BAD_USER_INPUT,
                "mutations must be sent with POST".into(),
            );
        }
        let shape = match crate::graphql::limits::shape(&doc) {
            Ok(shape) => shape,
            Err(refusal) => {
                return Answer::Refused(StatusCode::OK, refusal.code(), refusal.to_string());
            }
        };
        arguments = match crate::graphql::input::check(
            &doc,
            request.operation_name.as_deref(),
            &request.variables,
        ) {
            Ok(a) => a,
            Err(message) => return Answer::Refused(StatusCode::OK, code::BAD_USER_INPUT, message),
        };
        request.set_parsed_query(doc.clone());
        parsed = Some((doc, shape));
    }

    let authorization = req
        .headers()
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or("\u{0}"));
    let caller = match authenticate_cached(
        &state.db,
        &state.graphql.keys,
        &state.graphql.callers,
        authorization,
    )
    .await
    {
        Ok(c) => c,
        Err(crate::auth::AuthError::Internal) => {
            // The credentials could not be checked (the database failed): not the caller's fault.
            return Answer::Refused(
                StatusCode::SERVICE_UNAVAILABLE,
                code::UNAVAILABLE,
                "the service is unavailable; try again".into(),
            );
        }
        Err(e) => {
            let err = crate::graphql::error::from_auth(e);
            return Answer::Refused(StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED, err.message);
        }
    };
    let data = RequestData::new(
        caller,
        Loaders::new(state.db.clone(), state.graphql.engine.clone()),
    );
    request.data.insert(data);
    request.data.insert(ClientAddr(super::client::address(
        req,
        &state.trusted_proxies,
    )));
    if let Some(id) = actix_web::HttpMessage::extensions(req).get::<super::CurrentRequestId>() {
        request
            .data
            .insert(crate::db::audit::RequestId(id.0.clone()));
    }
    let (doc, shape) = match parsed {
        Some((doc, shape)) => (Some(doc), Some(shape)),
        None => (None, None),
    };
    let mut response = state.schema.execute(request, doc, shape).await;
    if mutation {
        // A mutation may have disabled, re-keyed or re-roled a user, or revoked a token: this process
        // checks every caller afresh from now on (others within `CALLER_TTL`).
        state.graphql.callers.clear();
    }
    finalize(&mut response, &arguments);
    let first_code = response.errors.first().and_then(|e| {
        let code = e.extensions.as_ref()?.get("code")?;
        match code {
            async_graphql::Value::String(s) => code::ALL.iter().copied().find(|c| c == s),
            _ => None,
        }
    });
    let unavailable = first_code == Some(code::UNAVAILABLE);
    // Nothing ran (no data, and no error belongs to a field): under the newer media type that is
    // a request error, 400 with the errors alone; `application/json` keeps the whole response, 200.
    let request_error = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());
    if request_error && !unavailable && media == Media::GraphqlResponse {
        let errors = serde_json::json!({"errors": &response.errors});
        if let Ok(body) = serde_json::to_vec(&errors) {
            return Answer::Ran(StatusCode::BAD_REQUEST, body, first_code);
        }
    }
    match write_limited(&response, state.limits.max_response_bytes) {
        Some(body) => Answer::Ran(
            if unavailable {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::OK
            },
            body,
            first_code,
        ),
        None => Answer::Refused(
            StatusCode::OK,
            code::QUERY_TOO_COMPLEX,
            format!(
                "the answer is larger than {} bytes: ask for fewer fields or a smaller page (first:)",
                state.limits.max_response_bytes
            ),
        ),
    }
}

/// The response as JSON, or `None` once it passes `max` bytes (writing stops there, so an answer
/// too large is never held whole in memory).
fn write_limited(response: &async_graphql::Response, max: u64) -> Option<Vec<u8>> {
    struct Limited {
        buf: Vec<u8>,
        max: usize,
    }
    impl std::io::Write for Limited {
        fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
            if self.buf.len() + data.len() > self.max {
                return Err(std::io::Error::other("the answer is too large"));
            }
            self.buf.extend_from_slice(data);
            Ok(data.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut out = Limited {
        buf: Vec::with_capacity(4096),
        max: usize::try_from(max).unwrap_or(usize::MAX),
    };
    serde_json::to_writer(&mut out, response).ok()?;
    Some(out.buf)
}
