//! Browser sessions of the admin UI over a real server and database (SQLite, or PostgreSQL with
//! `PARTNERGRAPH_TEST_BACKEND=postgres`): `/auth/login` sets an HttpOnly refresh cookie, `/auth/refresh`
//! rotates it for a new access token, and every way a session ends is refused.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, Utc};
use entities::user_sessions;
use partnergraph::auth::{self, Role};
use partnergraph_tests::{TestApp, spawn_app};
use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

const EMAIL: &str = "admin@sessions.example";
const PASSWORD: &str = "correct horse battery staple";

/// What an `/auth/*` endpoint answered.
struct Answer {
    status: StatusCode,
    body: Value,
    /// The `Set-Cookie` header of the session cookie, whole.
    set_cookie: Option<String>,
}

impl Answer {
    /// The cookie's value, when one was set.
    fn cookie(&self) -> Option<String> {
        let header = self.set_cookie.as_deref()?;
        let pair = header.split(';').next()?;
        let (name, value) = pair.split_once('=')?;
        assert_eq!(name, "partnergraph_session");
        Some(value.to_owned())
    }

    fn access_token(&self) -> &str {
        self.body["accessToken"].as_str().expect("accessToken")
    }
}

async fn post(app: &TestApp, path: &str, cookie: Option<&str>, body: Value) -> Answer {
    let mut req = app
        .client
        .post(format!("{}{path}", app.base))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(c) = cookie {
        req = req.header("cookie", format!("partnergraph_session={c}"));
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let set_cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("partnergraph_session="))
        .map(str::to_owned);
    let body = res.json().await.unwrap_or(Value::Null);
    Answer {
        status,
        body,
        set_cookie,
    }
}

async fn app_with_admin() -> TestApp {
    let app = spawn_app().await;
    auth::create_user(&app.t.db, EMAIL, PASSWORD, Role::Admin, None)
        .await
        .unwrap();
    app
}

async fn sign_in(app: &TestApp) -> Answer {
    let answer = post(
        app,
        "/auth/login",
        None,
        json!({"email": EMAIL, "password": PASSWORD}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer
}

async fn viewer_email(app: &TestApp, token: &str) -> Option<String> {
    let res = app
        .graphql(Some(token), "{ viewer { label } }", json!({}))
        .await;
    res.body["data"]["viewer"]["label"]
        .as_str()
        .map(str::to_owned)
}

#[tokio::test]
async fn signing_in_sets_an_http_only_strict_cookie_and_gives_a_working_access_token() {
    let app = app_with_admin().await;
    let answer = sign_in(&app).await;
    let header = answer.set_cookie.clone().expect("a session cookie");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/auth", "Max-Age="] {
        assert!(header.contains(attribute), "{attribute} missing: {header}");
    }
    assert!(
        !header.contains("Secure"),
        "plain HTTP gets no Secure flag by default: {header}"
    );
    assert!(answer.body["expiresAt"].as_u64().unwrap() > Utc::now().timestamp() as u64);
    assert_eq!(
        viewer_email(&app, answer.access_token()).await.as_deref(),
        Some(EMAIL)
    );
    // Only the hash is stored.
    let cookie = answer.cookie().unwrap();
    let row = user_sessions::Entity::find()
        .one(&app.t.db)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(row.token_hash, cookie);
    assert!(!row.token_hash.contains(&cookie));
}

#[tokio::test]
async fn a_refresh_rotates_the_cookie_and_a_new_tab_gets_in_with_it() {
    let app = app_with_admin().await;
    let first = sign_in(&app).await.cookie().unwrap();
    // A new tab has no access token, only the browser's cookie.
    let refreshed = post(&app, "/auth/refresh", Some(&first), json!({})).await;
    assert_eq!(refreshed.status, StatusCode::OK, "{}", refreshed.body);
    let second = refreshed.cookie().expect("a rotated cookie");
    assert_ne!(second, first);
    assert_eq!(
        viewer_email(&app, refreshed.access_token())
            .await
            .as_deref(),
        Some(EMAIL)
    );
    // Another tab refreshing a moment later with the cookie it read before gets a token, and the
    // cookie is left alone (the browser already holds the rotated one).
    let racing = post(&app, "/auth/refresh", Some(&first), json!({})).await;
    assert_eq!(racing.status, StatusCode::OK, "{}", racing.body);
    assert!(racing.set_cookie.is_none(), "{:?}", racing.set_cookie);
    let third = post(&app, "/auth/refresh", Some(&second), json!({})).await;
    assert_eq!(third.status, StatusCode::OK);
    assert!(third.cookie().is_some());
}

#[tokio::test]
async fn a_replaced_token_presented_after_the_grace_period_revokes_the_whole_session() {
    let app = app_with_admin().await;
    let stolen = sign_in(&app).await.cookie().unwrap();
    let current = post(&app, "/auth/refresh", Some(&stolen), json!({}))
        .await
        .cookie()
        .unwrap();
    user_sessions::Entity::update_many()
        .col_expr(
            user_sessions::Column::RotatedAt,
            Expr::value(Utc::now() - Duration::seconds(120)),
        )
        .exec(&app.t.db)
        .await
        .unwrap();
    let replay = post(&app, "/auth/refresh", Some(&stolen), json!({})).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    assert_eq!(replay.body["error"]["code"], "UNAUTHENTICATED");
    let legitimate = post(&app, "/auth/refresh", Some(&current), json!({})).await;
    assert_eq!(
        legitimate.status,
        StatusCode::UNAUTHORIZED,
        "the holder of the current token is signed out too: the session is revoked"
    );
}

#[tokio::test]
async fn signing_out_ends_the_session_and_clears_the_cookie() {
    let app = app_with_admin().await;
    let cookie = sign_in(&app).await.cookie().unwrap();
    let out = post(&app, "/auth/logout", Some(&cookie), json!({})).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let cleared = out.set_cookie.expect("the cookie is cleared");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    let after = post(&app, "/auth/refresh", Some(&cookie), json!({})).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(after.body["error"]["code"], "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_password_reset_or_disabling_ends_every_session_of_the_user() {
    let app = app_with_admin().await;
    let one = sign_in(&app).await.cookie().unwrap();
    let two = sign_in(&app).await.cookie().unwrap();
    auth::reset_password(&app.t.db, EMAIL, "another long passphrase here")
        .await
        .unwrap();
    let after_reset = post(&app, "/auth/refresh", Some(&one), json!({})).await;
    assert_eq!(after_reset.status, StatusCode::UNAUTHORIZED);

    let answer = post(
        &app,
        "/auth/login",
        None,
        json!({"email": EMAIL, "password": "another long passphrase here"}),
    )
    .await;
    let three = answer.cookie().unwrap();
    auth::disable_user(&app.t.db, EMAIL).await.unwrap();
    for cookie in [two, three] {
        let refused = post(&app, "/auth/refresh", Some(&cookie), json!({})).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{}", refused.body);
    }
}

#[tokio::test]
async fn an_idle_or_expired_session_is_refused() {
    let app = app_with_admin().await;
    let idle = sign_in(&app).await.cookie().unwrap();
    user_sessions::Entity::update_many()
        .col_expr(
            user_sessions::Column::IdleExpiresAt,
            Expr::value(Utc::now() - Duration::seconds(1)),
        )
        .exec(&app.t.db)
        .await
        .unwrap();
    let refused = post(&app, "/auth/refresh", Some(&idle), json!({})).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let fresh = sign_in(&app).await;
    assert_eq!(
        post(&app, "/auth/refresh", fresh.cookie().as_deref(), json!({}))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        post(&app, "/auth/refresh", None, json!({})).await.status,
        StatusCode::NO_CONTENT,
        "no cookie: no session, said without an error"
    );
}

#[tokio::test]
async fn wrong_credentials_and_malformed_bodies_get_clear_errors_and_no_session() {
    let app = app_with_admin().await;
    let wrong = post(
        &app,
        "/auth/login",
        None,
        json!({"email": EMAIL, "password": "not it"}),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.body["error"]["code"], "UNAUTHENTICATED");
    assert!(wrong.cookie().is_none_or(|v| v.is_empty()));
    let missing = post(&app, "/auth/login", None, json!({"email": EMAIL})).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.body["error"]["code"], "BAD_USER_INPUT");
    let message = missing.body["error"]["message"].as_str().unwrap();
    assert!(message.contains("password"), "{message}");
    assert_eq!(
        user_sessions::Entity::find()
            .count(&app.t.db)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn requests_a_page_on_another_site_could_send_are_refused() {
    let app = app_with_admin().await;
    let cookie = sign_in(&app).await.cookie().unwrap();
    let url = format!("{}/auth/refresh", app.base);
    // A form post: no JSON content type.
    let form = app
        .client
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", format!("partnergraph_session={cookie}"))
        .body("a=b")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let res = app
            .client
            .post(&url)
            .header("content-type", "application/json")
            .header("cookie", format!("partnergraph_session={cookie}"))
            .header(name, value)
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{name}: {value}");
    }
    // The page's own origin is fine.
    let own = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .header("cookie", format!("partnergraph_session={cookie}"))
        .header("origin", app.base.clone())
        .header("sec-fetch-site", "same-origin")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::OK);
    let get = app.client.get(&url).send().await.unwrap();
    assert_eq!(get.status(), StatusCode::METHOD_NOT_ALLOWED);
}
