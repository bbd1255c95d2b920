//! The admin UI's browser sessions over plain HTTP: `POST /auth/login`, `/auth/refresh` and
//! `/auth/logout`.
//!
//! The refresh token travels only in the `partnergraph_session` cookie: `HttpOnly` (no script reads
//! it), `SameSite=Strict` and `Path=/auth` (sent to nothing else, never from another site), `Secure`
//! over HTTPS. The answer's access token lives in the page's memory. Cross-site requests are refused
//! twice over: each endpoint takes only `Content-Type: application/json` (which a form or a simple
//! cross-origin request cannot send without a preflight this server never grants), and an `Origin`
//! or `Sec-Fetch-Site` naming another site is refused.
//!
//! Errors are JSON `{"error": {"code", "message"}}` with the codes of the GraphQL API.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::AppState;
use crate::auth::{AuthError, sessions};

/// The cookie that holds the refresh token.
pub const COOKIE: &str = "partnergraph_session";

/// The path the cookie is sent to.
const COOKIE_PATH: &str = "/auth";

/// The largest request body taken (an e-mail and a password).
const MAX_BODY_BYTES: usize = 4 * 1024;

/// Mounts the three endpoints.
pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/auth")
            .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
            .route("/login", web::post().to(login))
            .route("/refresh", web::post().to(refresh))
            .route("/logout", web::post().to(logout))
            .default_service(web::to(other)),
    );
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    email: String,
    password: String,
}

fn error(status: StatusCode, code: &str, message: &str) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(serde_json::json!({"error": {"code": code, "message": message}}))
}

/// The answer refusing what a browser on another site could send (a body that is not JSON, or an
/// `Origin` or `Sec-Fetch-Site` of another site); `None` for a request to serve.
fn refusal(req: &HttpRequest) -> Option<HttpResponse> {
    let json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Some(error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "BAD_USER_INPUT",
            "send Content-Type: application/json",
        ));
    }
    let fetch_site = req
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok());
    if fetch_site.is_some_and(|s| s != "same-origin" && s != "none") {
        return Some(cross_site());
    }
    if let Some(origin) = req.headers().get(header::ORIGIN) {
        let host = req.connection_info().host().to_owned();
        let origin_host = origin
            .to_str()
            .ok()
            .and_then(|o| o.split_once("://"))
            .map(|(_, rest)| rest);
        if origin_host != Some(host.as_str()) {
            return Some(cross_site());
        }
    }
    None
}

fn cross_site() -> HttpResponse {
    error(
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
        "sessions are only for pages of this server",
    )
}

fn secure(state: &AppState, req: &HttpRequest) -> bool {
    state.sessions.cookie_secure || req.connection_info().scheme() == "https"
}

fn session_cookie<'a>(
    state: &AppState,
    req: &HttpRequest,
    value: String,
    max_age: CookieDuration,
) -> Cookie<'a> {
    Cookie::build(COOKIE, value)
        .path(COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure(state, req))
        .max_age(max_age)
        .finish()
}

fn cleared(state: &AppState, req: &HttpRequest) -> Cookie<'static> {
    session_cookie(state, req, String::new(), CookieDuration::ZERO)
}

fn until(at: chrono::DateTime<chrono::Utc>) -> CookieDuration {
    CookieDuration::seconds((at - chrono::Utc::now()).num_seconds().max(0))
}

fn token_answer(signed: &crate::auth::users::SignedIn, cookie: Option<Cookie<'_>>) -> HttpResponse {
    let mut answer = HttpResponse::Ok();
    answer.insert_header((header::CACHE_CONTROL, "no-store"));
    if let Some(cookie) = cookie {
        answer.cookie(cookie);
    }
    answer.json(serde_json::json!({
        "accessToken": signed.token,
        "expiresAt": signed.expires_at,
    }))
}

fn auth_failure(e: AuthError, state: &AppState, req: &HttpRequest) -> HttpResponse {
    match e {
        AuthError::TooManyAttempts { retry_after_secs } => {
            let mut answer = error(
                StatusCode::TOO_MANY_REQUESTS,
                "RATE_LIMITED",
                &format!("too many failed sign-ins; try again in {retry_after_secs} s"),
            );
            if let Ok(value) = header::HeaderValue::from_str(&retry_after_secs.to_string()) {
                answer.headers_mut().insert(header::RETRY_AFTER, value);
            }
            answer
        }
        AuthError::Internal => error(
            StatusCode::SERVICE_UNAVAILABLE,
            "UNAVAILABLE",
            "the service is unavailable; try again",
        ),
        _ => {
            let mut answer = error(
                StatusCode::UNAUTHORIZED,
                "UNAUTHENTICATED",
                "not signed in: the session ended or the e-mail or password is wrong",
            );
            let _ = answer.add_cookie(&cleared(state, req));
            answer
        }
    }
}

/// Signs in with an e-mail and password: an access token, and the session cookie.
async fn login(state: web::Data<AppState>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    if let Some(refused) = refusal(&req) {
        return refused;
    }
    let credentials: Credentials = match serde_json::from_slice(&body) {
        Ok(c) => c,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                "BAD_USER_INPUT",
                &format!("the body must be {{\"email\": \"...\", \"password\": \"...\"}}: {e}"),
            );
        }
    };
    let addr = super::client::address(&req, &state.trusted_proxies);
    let graphql = &state.graphql;
    let signed = match crate::auth::users::sign_in(
        &state.db,
        &graphql.keys,
        &graphql.limiter,
        &credentials.email,
        &credentials.password,
        addr,
    )
    .await
    {
        Ok(s) => s,
        Err(e) => return auth_failure(e, &state, &req),
    };
    match sessions::begin(
        &state.db,
        &state.sessions,
        signed.user_id,
        signed.user_version,
    )
    .await
    {
        Ok(issued) => {
            let cookie = session_cookie(&state, &req, issued.token, until(issued.expires_at));
            token_answer(&signed, Some(cookie))
        }
        Err(e) => auth_failure(e, &state, &req),
    }
}

/// A new access token for the session of the cookie, whose token is rotated; 204 without a cookie.
async fn refresh(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    if let Some(refused) = refusal(&req) {
        return refused;
    }
    let Some(token) = req.cookie(COOKIE).map(|c| c.value().to_owned()) else {
        // No cookie: this browser has no session, which a page asks about at every start. That is an
        // answer, not a failure (a 401 would be logged as an error by every browser).
        return HttpResponse::NoContent()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .finish();
    };
    let refreshed = match sessions::refresh(&state.db, &state.sessions, &token).await {
        Ok(r) => r,
        Err(e) => return auth_failure(e, &state, &req),
    };
    let signed = match crate::auth::users::reissue(
        &state.db,
        &state.graphql.keys,
        refreshed.user_id,
        refreshed.user_version,
    )
    .await
    {
        Ok(s) => s,
        Err(e) => {
            // The user changed or is gone: the session is over for good.
            if !matches!(e, AuthError::Internal) {
                let _ = sessions::end(&state.db, &token).await;
            }
            return auth_failure(e, &state, &req);
        }
    };
    let cookie = refreshed
        .rotated
        .map(|issued| session_cookie(&state, &req, issued.token, until(issued.expires_at)));
    token_answer(&signed, cookie)
}

/// Ends the session of the cookie and clears it.
async fn logout(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    if let Some(refused) = refusal(&req) {
        return refused;
    }
    if let Some(cookie) = req.cookie(COOKIE)
        && let Err(e) = sessions::end(&state.db, cookie.value()).await
    {
        return auth_failure(e, &state, &req);
    }
    let mut answer = HttpResponse::NoContent();
    answer
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .cookie(cleared(&state, &req));
    answer.finish()
}

/// Any other method or path under `/auth`.
async fn other(req: HttpRequest) -> HttpResponse {
    let known = matches!(req.path(), "/auth/login" | "/auth/refresh" | "/auth/logout");
    if known {
        let mut answer = error(
            StatusCode::METHOD_NOT_ALLOWED,
            "BAD_USER_INPUT",
            "use POST with Content-Type: application/json",
        );
        answer
            .headers_mut()
            .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
        answer
    } else {
        error(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "no such endpoint: use /auth/login, /auth/refresh or /auth/logout",
        )
    }
}
