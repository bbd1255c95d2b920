//! The `partnergraph` binary as an operator runs it: import, score, serve and stop. The commands'
//! other behaviours (closed pipes, databases that are missing or behind, errors with their causes,
//! `.env`, JSON output, help) are in `cli_behaviour.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed assertion is a test's purpose

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_partnergraph");

fn example(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/examples")
        .join(name)
}

fn run(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run partnergraph")
}

#[test]
fn score_prints_the_breakdown_a_partner_can_follow_with_its_facts() {
    let data = tempfile::tempdir().unwrap();
    let out = run(
        data.path(),
        &["import", example("security-2023-worked").to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("customer_usage.csv"), "{summary}");

    let out = run(
        data.path(),
        &[
            "score",
            "--partner",
            "P",
            "--as-of",
            "2024-06",
            "--designation",
            "SECURITY",
            "--rule-set",
            "2023-07",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("63.35 / 100 points, does not meet requirements"),
        "{text}"
    );
    for needle in [
        "Net customer adds",
        "16.00 / 20",
        "26.67 / 40",
        "20.00 / 20",
        "0.68 / 20",
        "M0",
        "00000000-0000-0000-0000-000000000004",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }

    let out = run(
        data.path(),
        &["score", "--partner", "P", "--as-of", "2024-06", "--json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 6);

    // The month's rule set in force is 2023-12, under which the example's SC-200 holders earn no
    // Security skilling points; a rule set that does not exist is named with those that do.
    let out = run(
        data.path(),
        &[
            "score",
            "--partner",
            "P",
            "--as-of",
            "2024-06",
            "--designation",
            "SECURITY",
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("36.68 / 100 points"), "{text}");
    assert!(text.contains("2023-12"), "{text}");
    let out = run(
        data.path(),
        &["score", "--partner", "P", "--rule-set", "2019-01"],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the rule sets are 2023-07, 2023-12"), "{err}");

    let out = run(data.path(), &["score", "--partner", "NOPE"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "one-line reason: {err}");
    assert!(err.contains("NOPE"), "{err}");
}

#[test]
fn a_bad_import_exits_non_zero_listing_every_problem_and_writes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("partners.csv"),
        "partner_id,name,country,anniversary_date\nA,Alpha,US,2024-02-30\nB,Beta,USA,\n",
    )
    .unwrap();
    let out = run(data.path(), &["import", folder.path().to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("partners.csv:2: anniversary_date"), "{err}");
    assert!(err.contains("partners.csv:3: country"), "{err}");
}

#[test]
fn serve_answers_health_checks_and_stops_cleanly_on_sigterm() {
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .arg("--data-dir")
        .arg(data.path())
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let started = Instant::now();
    let addr = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the server logs its address");
        if let Some(pos) = line.find("addr=") {
            break line[pos + 5..]
                .split_whitespace()
                .next()
                .unwrap()
                .trim_matches('"')
                .to_string();
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no address logged"
        );
    };
    let get = |path: &str| {
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        use std::io::{Read, Write};
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    };
    assert!(get("/healthz").starts_with("HTTP/1.1 200"));
    assert!(get("/readyz").starts_with("HTTP/1.1 200"));
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let exit = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(exit.success(), "exit status {exit:?}");
}
