//! The admin UI at `/admin`: the built single-page app (`admin-ui/dist`) served as static files, with
//! every unknown path under `/admin/` answered by `index.html` so the app's own router handles it.
//!
//! Every response carries a strict content security policy (no inline scripts or styles, nothing from
//! other origins) and the usual hardening headers. Hashed assets are cached for a year; `index.html`
//! is revalidated on every load so a new build is picked up at once. The build writes a brotli
//! (`.br`) and a gzip (`.gz`) copy beside each text file; the one `Accept-Encoding` prefers is sent
//! as it is, with `Content-Encoding` and `Vary: Accept-Encoding`, so nothing is compressed per request.
//! When no build is found, `/admin` answers 503 with the command that builds it.
//!
//! GraphiQL is a second page of the same build (`graphiql.html`), bundled from npm packages: a
//! browser's `GET /graphql` gets it ([`graphiql`]) with the same headers, and all its scripts and styles
//! come from `/admin/assets/`, so nothing is loaded from another origin and it works offline. With
//! GraphiQL off (production mode) the page is not served at either address.

use std::path::{Path, PathBuf};

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};

/// The content security policy of every UI response.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     frame-ancestors 'none'; form-action 'self'";

/// What `/admin` says when the UI has not been built.
pub const NOT_BUILT: &str =
    "the admin UI is not built: run npm --prefix admin-ui ci && npm --prefix admin-ui run build";

/// What a browser's `GET /graphql` says when the build (or its GraphiQL page) is missing.
pub const GRAPHIQL_NOT_BUILT: &str = "GraphiQL comes with the admin UI build, and no built GraphiQL page \
     (admin-ui/dist/graphiql.html) was found: run scripts/build-ui (npm --prefix admin-ui ci && \
     npm --prefix admin-ui run build), then reload";

/// The built GraphiQL page, inside the UI's folder.
const GRAPHIQL_PAGE: &str = "graphiql.html";

/// The default folder of the built UI, relative to the working directory or the executable.
const DEFAULT_DIR: &str = "admin-ui/dist";

/// Where the built UI is looked for.
#[derive(Debug, Clone)]
pub struct AdminUi {
    candidates: Vec<PathBuf>,
}

impl AdminUi {
    /// The configured folder alone when there is one (`ADMIN_UI_DIR`); otherwise `admin-ui/dist` in the
    /// working directory, next to the executable, or at the workspace root above `target/<profile>/`.
    pub fn new(configured: Option<&Path>) -> Self {
        let candidates = match configured {
            Some(dir) => vec![dir.to_path_buf()],
            None => {
                let mut c = vec![PathBuf::from(DEFAULT_DIR)];
                if let Some(exe_dir) = std::env::current_exe()
                    .ok()
                    .and_then(|p| p.parent().map(Path::to_path_buf))
                {
                    c.push(exe_dir.join(DEFAULT_DIR));
                    c.push(exe_dir.join("../..").join(DEFAULT_DIR));
                }
                c
            }
        };
        Self { candidates }
    }

    /// The first folder holding an `index.html`, looked up per request so a build made after the
    /// server started is served without a restart.
    fn dir(&self) -> Option<&Path> {
        self.candidates
            .iter()
            .map(PathBuf::as_path)
            .find(|d| d.join("index.html").is_file())
    }

    /// Registers `/`, `/admin` and `/admin/...`.
    pub fn routes(&self, cfg: &mut web::ServiceConfig) {
        cfg.app_data(web::Data::new(self.clone()))
            .route("/", web::get().to(to_admin))
            .route("/admin", web::get().to(to_admin))
            .route("/admin/{tail:.*}", web::get().to(serve))
            .route("/admin/{tail:.*}", web::head().to(serve));
    }
}

/// `/` and `/admin` lead to the app.
async fn to_admin() -> HttpResponse {
    secured(HttpResponse::Found())
        .insert_header((header::LOCATION, "/admin/"))
        .finish()
}

/// A browser's `GET /graphql` while GraphiQL is enabled: the built GraphiQL page under the UI's content
/// security policy, or a 503 text naming the build command when it is missing. Never a page that loads
/// scripts from elsewhere.
pub async fn graphiql(req: &HttpRequest) -> HttpResponse {
    let page = req
        .app_data::<web::Data<AdminUi>>()
        .and_then(|ui| ui.dir().map(|d| d.join(GRAPHIQL_PAGE)));
    let bytes = match page {
        Some(path) => read(path).await,
        None => None,
    };
    match bytes {
        Some(bytes) => secured(HttpResponse::Ok())
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .body(bytes),
        None => secured(HttpResponse::ServiceUnavailable())
            .content_type("text/plain; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(format!("{GRAPHIQL_NOT_BUILT}\n")),
    }
}

/// Whether the server has GraphiQL off (production mode), so its page is not served under `/admin/`.
fn graphiql_off(req: &HttpRequest) -> bool {
    req.app_data::<web::Data<crate::server::AppState>>()
        .is_some_and(|state| !state.graphiql)
}

/// A response builder with the security headers of every UI response.
fn secured(mut builder: actix_web::HttpResponseBuilder) -> actix_web::HttpResponseBuilder {
    builder
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .insert_header((header::X_FRAME_OPTIONS, "DENY"));
    builder
}

/// The media type of a built file.
fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("ico") => "image/x-icon",
        Some("webp") => "image/webp",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The relative path of a request inside the build, or `None` when it tries to leave it.
fn relative(tail: &str) -> Option<PathBuf> {
    let mut path = PathBuf::new();
    for segment in tail.split('/') {
        if segment.is_empty() {
            continue;
        }
        if segment == "."
            || segment == ".."
            || segment.contains('\\')
            || segment.contains('\0')
            || segment.contains(':')
        {
            return None;
        }
        path.push(segment);
    }
    Some(path)
}

/// Whether a missing path names a file (an asset) rather than a page of the app.
fn looks_like_file(relative: &Path) -> bool {
    relative.starts_with("assets")
        || matches!(
            relative.extension().and_then(|e| e.to_str()),
            Some(
                "js" | "mjs"
                    | "css"
                    | "map"
                    | "json"
                    | "svg"
                    | "png"
                    | "jpg"
                    | "jpeg"
                    | "ico"
                    | "webp"
                    | "woff"
                    | "woff2"
                    | "txt"
            )
        )
}

/// The encodings of pre-compressed copies, best first: the file's suffix and `Content-Encoding`.
const ENCODINGS: [(&str, &str); 2] = [("br", "br"), ("gz", "gzip")];

/// Whether `Accept-Encoding` takes `coding` (by name or `*`, with a q above 0).
fn accepts(req: &HttpRequest, coding: &str) -> bool {
    let (mut named, mut wildcard) = (None, None);
    for value in req.headers().get_all(header::ACCEPT_ENCODING) {
        let Ok(text) = value.to_str() else { continue };
        for item in text.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .filter_map(|q| q.trim().parse::<f32>().ok())
                .next()
                .unwrap_or(1.0);
            if name.eq_ignore_ascii_case(coding) {
                named = Some(q > 0.0);
            } else if name == "*" {
                wildcard = Some(q > 0.0);
            }
        }
    }
    // A coding named outright overrides `*`.
    named.or(wildcard).unwrap_or(false)
}

/// A built file, as the pre-compressed copy the client takes when there is one: its bytes and
/// `Content-Encoding`.
async fn read_encoded(req: &HttpRequest, path: &Path) -> Option<(Vec<u8>, Option<&'static str>)> {
    for (suffix, coding) in ENCODINGS {
        if !accepts(req, coding) {
            continue;
        }
        let mut name = path.as_os_str().to_owned();
        name.push(".");
        name.push(suffix);
        if let Some(bytes) = read(PathBuf::from(name)).await {
            return Some((bytes, Some(coding)));
        }
    }
    read(path.to_path_buf()).await.map(|b| (b, None))
}

/// A built file's answer: its type, cache lifetime and encoding.
fn file_answer(
    bytes: Vec<u8>,
    encoding: Option<&'static str>,
    content_type: &'static str,
    cache: &'static str,
) -> HttpResponse {
    let mut builder = secured(HttpResponse::Ok());
    builder
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::VARY, "Accept-Encoding"));
    if let Some(coding) = encoding {
        builder.insert_header((header::CONTENT_ENCODING, coding));
    }
    builder.body(bytes)
}

async fn read(path: PathBuf) -> Option<Vec<u8>> {
    web::block(move || {
        if path.is_file() {
            std::fs::read(&path).ok()
        } else {
            None
        }
    })
    .await
    .ok()
    .flatten()
}

/// Serves a built file, or `index.html` for the app's own paths.
async fn serve(req: HttpRequest, ui: web::Data<AdminUi>) -> HttpResponse {
    let Some(dir) = ui.dir() else {
        return secured(HttpResponse::ServiceUnavailable())
            .content_type("text/plain; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(format!("{NOT_BUILT}\n"));
    };
    let tail = req.match_info().query("tail");
    let Some(rel) = relative(tail) else {
        return secured(HttpResponse::NotFound())
            .content_type("text/plain; charset=utf-8")
            .body("not found\n");
    };
    if rel == Path::new(GRAPHIQL_PAGE) && graphiql_off(&req) {
        return secured(HttpResponse::NotFound())
            .content_type("text/plain; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body("not found\n");
    }
    if !rel.as_os_str().is_empty()
        && let Some((bytes, encoding)) = read_encoded(&req, &dir.join(&rel)).await
    {
        let cache = if rel.starts_with("assets") {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        return file_answer(bytes, encoding, content_type(&rel), cache);
    }
    if looks_like_file(&rel) {
        return secured(HttpResponse::NotFound())
            .content_type("text/plain; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body("not found\n");
    }
    match read_encoded(&req, &dir.join("index.html")).await {
        Some((bytes, encoding)) => {
            file_answer(bytes, encoding, "text/html; charset=utf-8", "no-cache")
        }
        None => secured(HttpResponse::ServiceUnavailable())
            .content_type("text/plain; charset=utf-8")
            .body(format!("{NOT_BUILT}\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_that_climbs_out_of_the_build_is_refused() {
        assert_eq!(relative("../secret"), None);
        assert_eq!(relative("assets/../../x"), None);
        assert_eq!(relative("a\\b"), None);
        assert_eq!(relative("c:/x"), None);
        assert_eq!(
            relative("assets/index-1.js"),
            Some(PathBuf::from("assets/index-1.js"))
        );
        assert_eq!(relative(""), Some(PathBuf::new()));
    }

    #[test]
    fn app_paths_fall_back_and_missing_assets_do_not() {
        assert!(looks_like_file(Path::new("assets/missing")));
        assert!(looks_like_file(Path::new("favicon.ico")));
        assert!(!looks_like_file(Path::new("partners/P001")));
        assert!(!looks_like_file(Path::new("partners/ACME.DE")));
    }
}
