//! The admin UI at `/admin`: built files with the security headers on every response, the SPA
//! fallback to `index.html`, long caching of hashed assets only, and a 503 with the build command when
//! no build is there.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use partnergraph_tests::{TestApp, test_db};

const INDEX: &str = "<!doctype html><title>fake admin</title><script type=\"module\" src=\"/admin/assets/app-1a2b.js\"></script>";

/// A server whose admin UI folder is `dir`.
async fn spawn_with_ui(dir: &Path) -> TestApp {
    let t = test_db().await;
    let state = partnergraph::server::AppState::new(t.db.clone(), &t.config, false)
        .await
        .expect("app state");
    let config = partnergraph::config::ServeConfig {
        bind: "127.0.0.1:0".parse().unwrap(),
        shutdown_timeout_secs: 1,
        workers: Some(1),
        demo: None,
        production: false,
        admin_ui_dir: Some(dir.to_path_buf()),
        ..Default::default()
    };
    let running = partnergraph::server::build(state, &config).expect("bind");
    let base = format!("http://{}", running.addr);
    tokio::spawn(running.server);
    TestApp {
        base,
        metrics: None,
        t,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
    }
}

fn fake_build() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), INDEX).unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    std::fs::write(
        dir.path().join("assets/app-1a2b.js"),
        "console.log('hi');\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("assets/app-1a2b.css"), "body{}\n").unwrap();
    dir
}

fn assert_secured(res: &reqwest::Response) {
    let h = res.headers();
    assert_eq!(
        h["content-security-policy"],
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
         form-action 'self'",
        "CSP of {}",
        res.url()
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["x-frame-options"], "DENY");
}

#[tokio::test]
async fn index_and_app_paths_serve_the_page_with_the_security_headers() {
    let build = fake_build();
    let app = spawn_with_ui(build.path()).await;
    for path in [
        "/admin/",
        "/admin/partners",
        "/admin/partners/P001/professionals?asOf=2024-06",
        "/admin/sign-in?next=%2Fpartners",
    ] {
        let res = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert_secured(&res);
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        assert_eq!(res.text().await.unwrap(), INDEX, "{path}");
    }
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year_with_their_media_type() {
    let build = fake_build();
    let app = spawn_with_ui(build.path()).await;
    let res = app
        .client
        .get(format!("{}/admin/assets/app-1a2b.js", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_secured(&res);
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert_eq!(res.text().await.unwrap(), "console.log('hi');\n");

    let css = app
        .client
        .get(format!("{}/admin/assets/app-1a2b.css", app.base))
        .send()
        .await
        .unwrap();
    assert!(
        css.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
}

#[tokio::test]
async fn a_missing_asset_is_404_not_the_page_and_climbing_out_is_refused() {
    let build = fake_build();
    let app = spawn_with_ui(build.path()).await;
    for path in [
        "/admin/assets/gone-0000.js",
        "/admin/missing.css",
        "/admin/assets/..%2f..%2fCargo.toml",
    ] {
        let res = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{path}");
        assert_secured(&res);
        assert_ne!(res.text().await.unwrap(), INDEX, "{path}");
    }
}

#[tokio::test]
async fn the_root_and_bare_admin_redirect_to_the_app() {
    let build = fake_build();
    let app = spawn_with_ui(build.path()).await;
    for path in ["/", "/admin"] {
        let res = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection(), "{path}: {}", res.status());
        assert_eq!(res.headers()["location"], "/admin/", "{path}");
    }
}

#[tokio::test]
async fn without_a_build_admin_answers_503_with_the_build_command() {
    let missing: PathBuf = tempfile::tempdir().unwrap().path().join("no-such-dist");
    let app = spawn_with_ui(&missing).await;
    for path in ["/admin/", "/admin/partners/P001"] {
        let res = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 503, "{path}");
        assert_secured(&res);
        let body = res.text().await.unwrap();
        assert_eq!(
            body.trim(),
            "the admin UI is not built: run npm --prefix admin-ui ci && npm --prefix admin-ui run build"
        );
    }
    // The API is unaffected.
    let health = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test]
async fn the_real_build_when_present_has_no_inline_script() {
    // The committed build script produces it; CI builds it before the UI tests. Here it is optional.
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../admin-ui/dist");
    let Ok(index) = std::fs::read_to_string(dist.join("index.html")) else {
        return;
    };
    for (i, chunk) in index.split("<script").enumerate().skip(1) {
        let tag = chunk.split('>').next().unwrap_or_default();
        assert!(
            tag.contains("src="),
            "script {i} of index.html is inline: <script{tag}>"
        );
    }
    assert!(!index.contains("style="), "index.html has an inline style");
    let app = spawn_with_ui(&dist).await;
    let res = app
        .client
        .get(format!("{}/admin/", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_secured(&res);
}
