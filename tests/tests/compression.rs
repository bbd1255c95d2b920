//! Compressed answers: GraphQL and the exports in gzip and brotli as `Accept-Encoding` asks, each
//! byte-identical to the plain answer once decoded, the export still streamed; the admin UI's
//! pre-compressed copies sent as built.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Read;

use futures::StreamExt;
use partnergraph::auth::Role;
use partnergraph_tests::{TestApp, spawn_app, test_db, write_partners_folder};
use serde_json::json;

fn decode(encoding: Option<&str>, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match encoding {
        None => out.extend_from_slice(body),
        Some("gzip") => {
            flate2::read::GzDecoder::new(body)
                .read_to_end(&mut out)
                .unwrap();
        }
        Some("br") => {
            brotli::Decompressor::new(body, 4096)
                .read_to_end(&mut out)
                .unwrap();
        }
        Some(other) => panic!("unexpected Content-Encoding {other}"),
    }
    out
}

/// GETs or POSTs with `Accept-Encoding: coding`: the `Content-Encoding`, the raw body and whether it
/// was sent without a `Content-Length` (streamed).
async fn fetch(
    app: &TestApp,
    req: reqwest::RequestBuilder,
    coding: &str,
) -> (Option<String>, Vec<u8>, bool) {
    let _ = app;
    let res = req.header("accept-encoding", coding).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let encoding = res
        .headers()
        .get("content-encoding")
        .map(|v| v.to_str().unwrap().to_owned());
    let streamed = res.headers().get("content-length").is_none();
    (encoding, res.bytes().await.unwrap().to_vec(), streamed)
}

async fn app_with_data() -> (TestApp, String) {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    write_partners_folder(dir.path(), 30);
    app.import(dir.path()).await;
    let token = app
        .token_for("analyst@example.com", Role::Analyst, None)
        .await;
    (app, token)
}

#[tokio::test]
async fn graphql_answers_are_compressed_as_asked_and_decode_to_the_same_bytes() {
    let (app, token) = app_with_data().await;
    let body = json!({"query": "{ partners(first: 30) { nodes { partnerId name capabilityScores { total metrics { points facts { subject } } } } } }"});
    let post = || {
        app.client
            .post(format!("{}/graphql", app.base))
            .bearer_auth(&token)
            .json(&body)
    };
    let (plain_encoding, plain, _) = fetch(&app, post(), "identity").await;
    assert_eq!(plain_encoding, None);
    assert!(plain.len() > 10_000, "a real page: {} bytes", plain.len());
    for coding in ["gzip", "br"] {
        let (encoding, raw, _) = fetch(&app, post(), coding).await;
        assert_eq!(encoding.as_deref(), Some(coding));
        assert!(
            raw.len() * 4 < plain.len(),
            "{coding}: {} of {} bytes",
            raw.len(),
            plain.len()
        );
        assert_eq!(decode(Some(coding), &raw), plain, "{coding}");
    }
}

#[tokio::test]
async fn a_compressed_export_is_streamed_and_decodes_to_the_plain_export() {
    let (app, token) = app_with_data().await;
    let months = app
        .graphql(Some(&token), "{ latestMonth }", json!({}))
        .await;
    let month = months.data()["latestMonth"].as_str().unwrap().to_owned();
    for format in ["csv", "ndjson"] {
        let get = || {
            app.client
                .get(format!(
                    "{}/export/scores?asOf={month}&format={format}",
                    app.base
                ))
                .bearer_auth(&token)
        };
        let (_, plain, _) = fetch(&app, get(), "identity").await;
        assert!(plain.len() > 5_000, "{format}: {} bytes", plain.len());
        for coding in ["gzip", "br"] {
            let (encoding, raw, streamed) = fetch(&app, get(), coding).await;
            assert_eq!(encoding.as_deref(), Some(coding), "{format}");
            assert!(streamed, "{format} {coding}: chunked, not buffered whole");
            assert_eq!(decode(Some(coding), &raw), plain, "{format} {coding}");
        }
    }
}

/// The compression middleware over a body of 64 chunks that counts what it has produced: the first
/// compressed bytes leave before the last chunk is made, so a compressed export keeps constant memory.
#[actix_web::test]
async fn compression_writes_a_streamed_body_as_it_comes_not_after_the_end() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use actix_web::body::MessageBody;
    use actix_web::{App, HttpResponse, test, web};

    const CHUNKS: usize = 64;
    let made = Arc::new(AtomicUsize::new(0));
    let counter = made.clone();
    let app = test::init_service(
        App::new()
            .wrap(actix_web::middleware::Compress::default())
            .route(
                "/",
                web::get().to(move || {
                    let counter = counter.clone();
                    async move {
                        let chunks = futures::stream::iter(0..CHUNKS).map(move |i| {
                            counter.fetch_add(1, Ordering::SeqCst);
                            // 64 KiB of lines that differ, as export rows do.
                            let text: String = (0..1024)
                                .map(|n| format!("P{i:04}-{n:05},{}\n", (n * 7919 + i) % 10007))
                                .collect();
                            Ok::<_, actix_web::Error>(web::Bytes::from(text))
                        });
                        HttpResponse::Ok().streaming(chunks)
                    }
                }),
            ),
    )
    .await;
    let req = test::TestRequest::get()
        .uri("/")
        .insert_header(("accept-encoding", "gzip"))
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.headers().get("content-encoding").unwrap(), "gzip");
    let mut body = std::pin::pin!(res.into_body());
    loop {
        match std::future::poll_fn(|cx| body.as_mut().poll_next(cx)).await {
            Some(Ok(bytes)) if !bytes.is_empty() => break,
            Some(Ok(_)) => continue,
            other => panic!(
                "the body ended before any compressed bytes: {:?}",
                other.is_some()
            ),
        }
    }
    let at_first = made.load(Ordering::SeqCst);
    assert!(
        at_first < CHUNKS,
        "the first compressed bytes came after {at_first} of {CHUNKS} chunks were made"
    );
}

#[tokio::test]
async fn the_admin_uis_precompressed_copies_are_sent_as_the_browser_prefers() {
    let dir = tempfile::tempdir().unwrap();
    let js = "console.log('a hashed asset');\n".repeat(50);
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><div id=\"root\"></div>",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    std::fs::write(dir.path().join("assets/app-1a2b.js"), &js).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gz, js.as_bytes()).unwrap();
    std::fs::write(
        dir.path().join("assets/app-1a2b.js.gz"),
        gz.finish().unwrap(),
    )
    .unwrap();
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        std::io::Write::write_all(&mut w, js.as_bytes()).unwrap();
    }
    std::fs::write(dir.path().join("assets/app-1a2b.js.br"), &br).unwrap();

    let config = partnergraph::config::ServeConfig {
        admin_ui_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    };
    let app = partnergraph_tests::spawn_app_with(test_db().await, false, config).await;
    let url = format!("{}/admin/assets/app-1a2b.js", app.base);
    for (accept, expected) in [
        ("gzip, deflate, br", Some("br")),
        ("gzip", Some("gzip")),
        ("br;q=0, gzip", Some("gzip")),
        ("identity", None),
    ] {
        let res = app
            .client
            .get(&url)
            .header("accept-encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let headers = res.headers().clone();
        assert_eq!(
            headers.get("content-encoding").map(|v| v.to_str().unwrap()),
            expected,
            "{accept}"
        );
        assert_eq!(headers.get("vary").unwrap(), "Accept-Encoding");
        assert_eq!(
            headers.get("cache-control").unwrap(),
            "public, max-age=31536000, immutable"
        );
        assert!(
            headers
                .get("content-type")
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("text/javascript")
        );
        let body = res.bytes().await.unwrap();
        assert_eq!(decode(expected, &body), js.as_bytes(), "{accept}");
    }
}
