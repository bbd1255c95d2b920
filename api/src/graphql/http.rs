//! `/graphql` over HTTP: POST with `application/json` for everything, GET for queries only (never
//! mutations), GraphiQL on GET when enabled. Bodies are size-limited, batches refused, and every
//! response passes through [`super::error::finalize`].

use actix_web::http::header::{self, ContentType};
use actix_web::{HttpRequest, HttpResponse, web};
use async_graphql::parser::types::OperationType;

use super::context::RequestData;
use super::error::{code, finalize};
use super::limits::{MAX_ALIASES, aliases};
use super::loader::Loaders;
use super::mutation::auth::ClientAddr;
use crate::auth::authenticate;
use crate::server::AppState;

/// Largest GraphQL request body.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

fn error_response(status: actix_web::http::StatusCode, code: &str, message: &str) -> HttpResponse {
    HttpResponse::build(status)
        .content_type(ContentType::json())
        .json(serde_json::json!({
            "data": null,
            "errors": [{"message": message, "extensions": {"code": code}}],
        }))
}

/// POST `/graphql`.
pub async fn post(state: web::Data<AppState>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
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
            actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code::BAD_USER_INPUT,
            "send GraphQL requests as application/json",
        );
    }
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(_) => {
            return error_response(
                actix_web::http::StatusCode::BAD_REQUEST,
                code::BAD_USER_INPUT,
                "the body is not valid JSON",
            );
        }
    };
    if value.is_array() {
        return error_response(
            actix_web::http::StatusCode::BAD_REQUEST,
            code::BAD_USER_INPUT,
            "batched requests are not supported",
        );
    }
    let request: async_graphql::Request = match serde_json::from_value(value) {
        Ok(r) => r,
        Err(_) => {
            return error_response(
                actix_web::http::StatusCode::BAD_REQUEST,
                code::BAD_USER_INPUT,
                "the body must be {\"query\": string, \"variables\"?: object, \"operationName\"?: string}",
            );
        }
    };
    execute(&state, &req, request, false).await
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
            return crate::server::admin::graphiql(&req).await;
        }
        return HttpResponse::NotFound().finish();
    };
    let mut request = async_graphql::Request::new(text.clone());
    if let Some(vars) = query.get("variables") {
        match serde_json::from_str(vars) {
            Ok(v) => request = request.variables(async_graphql::Variables::from_json(v)),
            Err(_) => {
                return error_response(
                    actix_web::http::StatusCode::BAD_REQUEST,
                    code::BAD_USER_INPUT,
                    "variables: not JSON",
                );
            }
        }
    }
    if let Some(name) = query.get("operationName") {
        request = request.operation_name(name.clone());
    }
    execute(&state, &req, request, true).await
}

async fn execute(
    state: &AppState,
    req: &HttpRequest,
    request: async_graphql::Request,
    via_get: bool,
) -> HttpResponse {
    // Parse once here to refuse what the executor would not: mutations over GET, alias floods.
    match async_graphql::parser::parse_query(&request.query) {
        Ok(doc) => {
            if via_get
                && doc
                    .operations
                    .iter()
                    .any(|(_, op)| op.node.ty == OperationType::Mutation)
            {
                return error_response(
                    actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
                    code::BAD_USER_INPUT,
                    "mutations must be sent with POST",
                );
            }
            if aliases(&doc) > MAX_ALIASES {
                return error_response(
                    actix_web::http::StatusCode::OK,
                    code::QUERY_TOO_COMPLEX,
                    &format!("Query has too many aliases (at most {MAX_ALIASES})."),
                );
            }
        }
        Err(_) => { /* the executor reports the syntax error with its position */ }
    }
    let authorization = req
        .headers()
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or("\u{0}"));
    let caller = match authenticate(&state.db, &state.graphql.keys, authorization).await {
        Ok(c) => c,
        Err(crate::auth::AuthError::Internal) => {
            // The credentials could not be checked (the database failed): not the caller's fault.
            return error_response(
                actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
                code::INTERNAL,
                "the service is unavailable; try again",
            );
        }
        Err(e) => {
            let err = super::error::from_auth(e);
            let message = err.message.clone();
            return error_response(
                actix_web::http::StatusCode::UNAUTHORIZED,
                code::UNAUTHENTICATED,
                &message,
            );
        }
    };
    let data = RequestData::new(
        caller,
        Loaders::new(state.db.clone(), state.graphql.engine.clone()),
    );
    let addr = ClientAddr(req.peer_addr().map(|a| a.ip()));
    let mut request = request.data(data).data(addr);
    if let Some(id) =
        actix_web::HttpMessage::extensions(req).get::<crate::server::CurrentRequestId>()
    {
        request = request.data(crate::db::audit::RequestId(id.0.clone()));
    }
    let mut response = state.schema.execute(request).await;
    finalize(&mut response);
    HttpResponse::Ok()
        .content_type(ContentType::json())
        .json(response)
}
