//! The admin UI at `/admin`: built files with the security headers on every response, the SPA
//! fallback to `index.html`, long caching of hashed assets only, and a 503 with the build command when
//! no build is there. GraphiQL: a browser's `GET /graphql` gets the built GraphiQL page under the same
//! headers, never a page with scripts from elsewhere, and nothing at all in production mode.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use partnergraph_tests::{TestApp, test_db};

const INDEX: &str = "<!doctype html><title>fake admin</title><script type=\"module\" src=\"/admin/assets/app-1a2b.js\"></script>";
const GRAPHIQL: &str = "<!doctype html><title>fake GraphiQL</title><script type=\"module\" src=\"/admin/assets/graphiql-3c4d.js\"></script>";

/// A server whose admin UI folder is `dir`.
async fn spawn_with_ui(dir: &Path) -> TestApp {
    spawn_with_ui_in(dir, false).await
}

/// A server whose admin UI folder is `dir`, in production mode or not.
async fn spawn_with_ui_in(dir: &Path, production: bool) -> TestApp {
    let t = test_db().await;
    let state = partnergraph::server::AppState::new(t.db.clone(), &t.config, production)
        .await
        .expect("app state");
    let config = partnergraph::config::ServeConfig {
        bind: "127.0.0.1:0".parse().unwrap(),
        shutdown_timeout_secs: 1,
        workers: Some(1),
        demo: None,
        production,
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
    std::fs::write(dir.path().join("graphiql.html"), GRAPHIQL).unwrap();
    dir
}

/// Every `src` and `href` of an HTML page, in order.
fn urls_of(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for attr in ["src=", "href="] {
        for chunk in html.split(attr).skip(1) {
            let quote = chunk.chars().next().unwrap_or(' ');
            let url: String = if quote == '"' || quote == '\'' {
                chunk[1..].chars().take_while(|c| *c != quote).collect()
            } else {
                chunk
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != '>')
                    .collect()
            };
            urls.push(url);
        }
    }
    urls
}

/// The page loads nothing from another origin: every script and stylesheet is under `/admin/`.
fn assert_same_origin_only(html: &str) {
    for url in urls_of(html) {
        assert!(
            url.starts_with("/admin/") || url == "data:,",
            "a URL outside /admin/ in the page: {url}\n{html}"
        );
    }
    for cdn in [
        "http://",
        "https://",
        "//unpkg",
        "unpkg.com",
        "jsdelivr",
        "cdnjs",
    ] {
        assert!(!html.contains(cdn), "{cdn} in the page:\n{html}");
    }
    for (i, chunk) in html.split("<script").enumerate().skip(1) {
        let tag = chunk.split('>').next().unwrap_or_default();
        assert!(tag.contains("src="), "script {i} is inline: <script{tag}>");
    }
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

#[tokio::test]
async fn a_browser_get_of_graphql_serves_the_built_graphiql_page_with_the_security_headers() {
    let build = fake_build();
    let app = spawn_with_ui(build.path()).await;
    for path in ["/graphql", "/admin/graphiql.html"] {
        let res = app
            .client
            .get(format!("{}{path}", app.base))
            .header("accept", "text/html")
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
        let body = res.text().await.unwrap();
        assert_eq!(body, GRAPHIQL, "{path}");
        assert_same_origin_only(&body);
    }
    // A query in the URL is still a query, not the page.
    let res = app
        .client
        .get(format!("{}/graphql?query=%7B__typename%7D", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["data"]["__typename"],
        "Query"
    );
}

#[tokio::test]
async fn without_a_build_graphql_in_a_browser_says_graphiql_comes_with_the_ui_build() {
    let missing: PathBuf = tempfile::tempdir().unwrap().path().join("no-such-dist");
    let app = spawn_with_ui(&missing).await;
    // An older build without the GraphiQL page says the same.
    let old = fake_build();
    std::fs::remove_file(old.path().join("graphiql.html")).unwrap();
    let old_app = spawn_with_ui(old.path()).await;
    for app in [&app, &old_app] {
        let res = app
            .client
            .get(format!("{}/graphql", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 503);
        assert_secured(&res);
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/plain")
        );
        let body = res.text().await.unwrap();
        assert!(
            body.contains("GraphiQL comes with the admin UI build")
                && body.contains("scripts/build-ui"),
            "{body}"
        );
        assert!(
            !body.contains("<script") && !body.contains("http"),
            "{body}"
        );
    }
}

#[tokio::test]
async fn in_production_mode_graphiql_is_not_served_at_either_address() {
    let build = fake_build();
    let app = spawn_with_ui_in(build.path(), true).await;
    for path in ["/graphql", "/admin/graphiql.html"] {
        let res = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{path}");
        assert!(!res.text().await.unwrap().contains("GraphiQL"), "{path}");
    }
    // The app itself is still served.
    let res = app
        .client
        .get(format!("{}/admin/", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn the_real_graphiql_page_when_built_loads_only_its_own_assets() {
    // As above: built by scripts/build-ui; optional here.
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../admin-ui/dist");
    if !dist.join("graphiql.html").is_file() {
        return;
    }
    let app = spawn_with_ui(&dist).await;
    let res = app
        .client
        .get(format!("{}/graphql", app.base))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_secured(&res);
    let page = res.text().await.unwrap();
    assert_same_origin_only(&page);
    assert!(
        !page.contains("style="),
        "the GraphiQL page has an inline style"
    );
    let assets: Vec<String> = urls_of(&page)
        .into_iter()
        .filter(|u| u.starts_with("/admin/assets/"))
        .collect();
    assert!(
        assets.iter().any(|u| u.ends_with(".js")) && assets.iter().any(|u| u.ends_with(".css")),
        "the page loads its script and stylesheet: {assets:?}"
    );
    for asset in assets {
        let res = app
            .client
            .get(format!("{}{asset}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{asset}");
        assert_secured(&res);
        let text = res.text().await.unwrap();
        for cdn in [
            "unpkg.com",
            "jsdelivr.net",
            "cdnjs.cloudflare.com",
            "esm.sh",
        ] {
            assert!(!text.contains(cdn), "{cdn} in {asset}");
        }
    }
}
