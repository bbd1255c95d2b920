//! The `partnergraph` binary as people run it, checked by exit code and output: a reader that closes
//! early, read-only commands that never create or upgrade a database, errors that carry their cause,
//! range checks, `.env` and boolean variables, JSON output, tables with headers and units, help,
//! completions, capped import problems, and repeated disables and revokes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed assertion is a test's purpose

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_partnergraph");

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/examples")
        .join(name)
}

/// The binary with a clean environment for its configuration, run in `cwd` (so no `.env` of the
/// repository is read).
fn command(cwd: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(cwd);
    for var in [
        "DATABASE_URL",
        "PARTNERGRAPH_DATA_DIR",
        "PARTNERGRAPH_PRODUCTION",
        "PARTNERGRAPH_NO_MIGRATE",
        "LOG_FORMAT",
        "NO_COLOR",
        "RUST_LOG",
    ] {
        c.env_remove(var);
    }
    c
}

fn run(data: &Path, args: &[&str]) -> Output {
    command(data.parent().unwrap_or(data))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .expect("run partnergraph")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
fn assert_ok(o: &Output) {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        stdout(o),
        stderr(o)
    );
}

/// Asserts exit code 1 and one line on stderr containing every needle; returns that line.
#[track_caller]
fn assert_fails_with(o: &Output, needles: &[&str]) -> String {
    assert_eq!(
        o.status.code(),
        Some(1),
        "stdout: {}\nstderr: {}",
        stdout(o),
        stderr(o)
    );
    let err = stderr(o);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line expected: {err}");
    for n in needles {
        assert!(lines[0].contains(n), "{n:?} missing from {err}");
    }
    lines[0].to_string()
}

/// A data folder (inside its own temporary folder) with the Security worked example imported.
fn imported() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = run(
        &data,
        &["import", example("security-2023-worked").to_str().unwrap()],
    );
    assert_ok(&out);
    (dir, data)
}

/// Runs the command with its standard output closed before it writes, and returns how it ended.
fn with_closed_stdout(data: &Path, args: &[&str]) -> Output {
    let mut child = command(data.parent().unwrap())
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    Output {
        status,
        stdout: Vec::new(),
        stderr: err.into_bytes(),
    }
}

#[test]
fn every_command_ends_quietly_with_zero_when_its_reader_goes_away() {
    let (_dir, data) = imported();
    assert_ok(&run(&data, &["tokens", "create", "--name", "powerbi"]));
    for args in [
        &["score", "--partner", "P", "--json"][..],
        &["score", "--partner", "P"],
        &["tokens", "list"],
        &["tokens", "list", "--json"],
        &["partners"],
        &["partners", "--json"],
        &["completions", "bash"],
    ] {
        let out = with_closed_stdout(&data, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}: nothing on stderr");
    }
    // The way people meet it: a pipe into `head`, whose exit closes the pipe after one line.
    let script = format!(
        "set -o pipefail; {BIN} --data-dir {} score --partner P --json | head -1",
        data.display()
    );
    let out = Command::new("bash")
        .args(["-c", &script])
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert_ok(&out);
    assert_eq!(stdout(&out), "[\n");
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[test]
fn read_only_commands_on_a_missing_database_say_so_and_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("dta");
    for args in [
        &["score", "--partner", "P"][..],
        &["partners"],
        &["tokens", "list"],
        &["recompute"],
        &["recompute", "--all", "--dry-run"],
        &["serve", "--no-migrate", "--bind", "127.0.0.1:0"],
    ] {
        let out = run(&typo, args);
        assert_fails_with(
            &out,
            &[
                &format!("no database at {}", typo.join("partnergraph.db").display()),
                "run `partnergraph import FOLDER` or `partnergraph migrate` first",
            ],
        );
        assert!(!typo.exists(), "{args:?} created {}", typo.display());
    }
}

/// A database with only the first migration applied, as an older partnergraph left it.
fn behind_database(data: &Path) {
    use migration::{Migrator, MigratorTrait};
    std::fs::create_dir_all(data).unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        data.join("partnergraph.db").display()
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = sea_orm::Database::connect(&url).await.unwrap();
        Migrator::up(&db, Some(1)).await.unwrap();
        db.close().await.unwrap();
    });
}

/// Every migration's name, oldest first.
fn migration_names() -> Vec<String> {
    use migration::MigratorTrait;
    migration::Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .collect()
}

/// What `migrate` prints after applying `names`.
fn applied_text(names: &[String]) -> String {
    let plural = if names.len() == 1 { "" } else { "s" };
    format!(
        "applied {} migration{plural}: {}\n",
        names.len(),
        names.join(", ")
    )
}

fn applied_migrations(data: &Path) -> usize {
    use migration::{Migrator, MigratorTrait};
    let url = format!(
        "sqlite://{}?mode=ro",
        data.join("partnergraph.db").display()
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = sea_orm::Database::connect(&url).await.unwrap();
        let n = Migrator::get_applied_migrations_read_only(&db)
            .await
            .unwrap()
            .len();
        db.close().await.unwrap();
        n
    })
}

#[test]
fn a_database_behind_the_binary_is_upgraded_only_by_migrate_and_the_others_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    behind_database(&data);
    let folder = example("security-2023-worked");
    let names = migration_names();
    let at_first = format!(
        "the database is at migration {}, this binary needs {}",
        names[0],
        names[names.len() - 1]
    );
    let behind = [at_first.as_str(), "run `partnergraph migrate`"];
    for args in [
        &["score", "--partner", "P"][..],
        &["partners"],
        &["tokens", "list"],
        &["recompute", "--all", "--dry-run"],
        &["import", folder.to_str().unwrap()],
        &["tokens", "create", "--name", "x"],
        &[
            "users",
            "add",
            "--email",
            "a@example.com",
            "--role",
            "admin",
            "--password",
            "correct horse battery",
        ],
        &["serve", "--no-migrate", "--bind", "127.0.0.1:0"],
    ] {
        assert_fails_with(&run(&data, args), &behind);
        assert_eq!(applied_migrations(&data), 1, "{args:?} changed the schema");
    }
    let out = command(dir.path())
        .args([
            "--data-dir",
            data.to_str().unwrap(),
            "serve",
            "--bind",
            "127.0.0.1:0",
        ])
        .env("PARTNERGRAPH_NO_MIGRATE", "1")
        .output()
        .unwrap();
    assert_fails_with(&out, &behind);

    let out = run(&data, &["migrate"]);
    assert_ok(&out);
    assert_eq!(stdout(&out), applied_text(&names[1..]));
    assert_eq!(applied_migrations(&data), names.len());
    let out = run(&data, &["migrate"]);
    assert_eq!(
        stdout(&out),
        format!("the database is up to date ({} migrations)\n", names.len())
    );
    assert_ok(&run(&data, &["import", folder.to_str().unwrap()]));
}

#[test]
fn writing_commands_create_a_new_database_and_migrate_says_what_it_applied() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("new");
    let out = run(&data, &["migrate"]);
    assert_ok(&out);
    let names = migration_names();
    assert_eq!(stdout(&out), applied_text(&names));
    let other = dir.path().join("other");
    assert_ok(&run(&other, &["tokens", "create", "--name", "first"]));
    assert_eq!(applied_migrations(&other), names.len());
}

#[test]
fn connection_errors_carry_their_cause_in_the_last_line_without_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let refused = command(dir.path())
        .args([
            "--database-url",
            "postgres://u:s3cret@127.0.0.1:1/db",
            "score",
            "--partner",
            "P",
        ])
        .output()
        .unwrap();
    let line = assert_fails_with(
        &refused,
        &[
            "cannot connect to the database at postgres://u:***@127.0.0.1:1/db: ",
            "refused",
        ],
    );
    assert!(!line.contains("s3cret"), "{line}");

    let scheme = command(dir.path())
        .args(["--database-url", "mysql://u:s3cret@h/db", "partners"])
        .output()
        .unwrap();
    let line = assert_fails_with(
        &scheme,
        &["cannot connect to the database at mysql://u:***@h/db: unsupported URL scheme \"mysql\""],
    );
    assert!(!line.contains("s3cret"), "{line}");
}

#[test]
fn recompute_checks_its_months_and_says_what_it_did() {
    let (_dir, data) = imported();
    assert_fails_with(
        &run(
            &data,
            &["recompute", "--all", "--from", "2024-06", "--to", "2023-01"],
        ),
        &["--from 2024-06 is after --to 2023-01"],
    );
    assert_fails_with(
        &run(&data, &["recompute", "--all", "--from", "2030-01"]),
        &["--from 2030-01 is after 2024-06, the latest month with data"],
    );
    assert_fails_with(
        &run(&data, &["recompute", "--all", "--to", "2024-07"]),
        &["--to 2024-07 is after 2024-06"],
    );
    let out = run(
        &data,
        &["recompute", "--all", "--from", "2024-05", "--to", "2024-06"],
    );
    assert_ok(&out);
    assert!(
        stdout(&out)
            .starts_with("recomputed 2024-05 to 2024-06 (2 months): 1 partner(s), 12 score row(s)"),
        "{}",
        stdout(&out)
    );
    let out = run(&data, &["recompute", "--all", "--dry-run", "--json"]);
    assert_ok(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["written"], false);
    assert_eq!(json["from"], "2023-07");
    assert_eq!(json["to"], "2024-06");
    assert_eq!(json["report"]["partners"], 1);
    let out = run(&data, &["recompute"]);
    assert_eq!(stdout(&out), "no stale scores: nothing to recompute\n");
}

#[test]
fn score_on_a_database_without_usage_says_so_instead_of_guessing_a_month() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("partners.csv"),
        "partner_id,name,country\nP,Partner P,US\n",
    )
    .unwrap();
    let data = dir.path().join("data");
    assert_ok(&run(&data, &["import", folder.to_str().unwrap()]));
    assert_fails_with(
        &run(&data, &["score", "--partner", "P"]),
        &["no usage data yet", "--as-of YYYY-MM"],
    );
    assert_fails_with(&run(&data, &["recompute", "--all"]), &["no usage data yet"]);
}

#[test]
fn a_dotenv_file_in_the_working_directory_is_read_and_set_variables_win() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".env"),
        "# settings\nPARTNERGRAPH_DATA_DIR=from-dotenv\n",
    )
    .unwrap();
    assert_ok(&command(dir.path()).arg("migrate").output().unwrap());
    assert!(dir.path().join("from-dotenv/partnergraph.db").is_file());

    let out = command(dir.path())
        .arg("migrate")
        .env("PARTNERGRAPH_DATA_DIR", "from-env")
        .output()
        .unwrap();
    assert_ok(&out);
    assert!(dir.path().join("from-env/partnergraph.db").is_file());

    std::fs::write(dir.path().join(".env"), "NOT A LINE\n").unwrap();
    assert_fails_with(
        &command(dir.path()).arg("migrate").output().unwrap(),
        &["cannot read .env in the working directory"],
    );
}

#[test]
fn boolean_variables_take_one_and_zero_as_well_as_true_and_false() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none");
    for value in ["1", "true", "yes", "0", "false", "no"] {
        // Accepted: the command goes on to the database, which is missing.
        let out = command(dir.path())
            .args([
                "--data-dir",
                missing.to_str().unwrap(),
                "serve",
                "--no-migrate",
            ])
            .env("PARTNERGRAPH_PRODUCTION", value)
            .output()
            .unwrap();
        assert_fails_with(&out, &["no database at"]);
    }
    let out = command(dir.path())
        .args(["serve", "--no-migrate"])
        .env("PARTNERGRAPH_PRODUCTION", "maybe")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid value 'maybe'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn partners_lists_ids_names_countries_and_attained_designations_with_a_header() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = run(
        &data,
        &[
            "import",
            example("business-apps-2023-worked").to_str().unwrap(),
        ],
    );
    assert_ok(&out);
    let out = run(&data, &["partners"]);
    assert_ok(&out);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("PARTNER ID  NAME"), "{text}");
    assert!(
        lines[0].contains("COUNTRY  DESIGNATIONS ATTAINED (2024-06)"),
        "{text}"
    );
    assert!(lines[1].starts_with("P "), "{text}");
    assert!(lines[1].contains("Business Applications"), "{text}");
    assert_eq!(lines.last(), Some(&"1 partner"));

    let out = run(&data, &["partners", "--json", "--search", "p"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["total"], 1);
    assert_eq!(json["partners"][0]["partner_id"], "P");
    assert_eq!(
        json["partners"][0]["designations_attained"],
        serde_json::json!(["BUSINESS_APPLICATIONS"])
    );
    let out = run(&data, &["partners", "--search", "nobody"]);
    assert_eq!(stdout(&out), "no partner matches \"nobody\"\n");
}

#[test]
fn score_text_has_units_and_no_internal_names_and_designations_are_case_insensitive() {
    let (_dir, data) = imported();
    let out = run(
        &data,
        &[
            "score",
            "--partner",
            "P",
            "--as-of",
            "2024-06",
            "--designation",
            "security",
        ],
    );
    assert_ok(&out);
    let text = stdout(&out);
    for needle in [
        "Metric",
        "Points",
        "Target (full points)",
        "8 customers",
        "4 professionals",
        "70 protected users",
        "2,500 protected users",
        "below the minimum of 1 point",
        "customer 00000000-0000-0000-0000-000000000004 (added)",
    ] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }
    let key_value = text
        .as_bytes()
        .windows(2)
        .any(|w| (w[0].is_ascii_alphabetic() || w[0] == b'_') && w[1] == b'=');
    assert!(!key_value, "internal key=value numbers:\n{text}");
    assert!(!text.contains('['), "debug tokens:\n{text}");

    let out = run(
        &data,
        &[
            "score",
            "--partner",
            "P",
            "--as-of",
            "2024-06",
            "--designation",
            "Modern-Work",
        ],
    );
    assert_ok(&out);
    let text = stdout(&out);
    assert!(text.contains("track SMB (not chosen)"), "{text}");
    assert!(
        !text.contains("NotChosen") && !text.contains("meets_requirements="),
        "{text}"
    );

    let out = run(
        &data,
        &["score", "--partner", "P", "--designation", "SECURTY"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("SECURITY"), "{}", stderr(&out));
}

#[test]
fn dollar_amounts_in_the_text_get_thousands_separators() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert_ok(&run(
        &data,
        &["import", example("azure-2023-worked").to_str().unwrap()],
    ));
    let out = run(
        &data,
        &["score", "--partner", "P", "--designation", "data-ai-azure"],
    );
    assert_ok(&out);
    let text = stdout(&out);
    assert!(text.contains("$30,000.00"), "{text}");
    assert!(text.contains("10.36%"), "{text}");
    assert!(!text.contains("$30000"), "{text}");
}

#[test]
fn import_and_tokens_list_print_json_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let folder = example("security-2023-worked");
    let out = run(&data, &["import", folder.to_str().unwrap(), "--json"]);
    assert_ok(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["imported"], true);
    assert_eq!(json["files"][3]["file"], "customer_usage.csv");
    assert_eq!(json["files"][3]["inserted"], 172);
    assert_eq!(json["scores_recomputed"]["partners"], 1);

    let bad = tempfile::tempdir().unwrap();
    std::fs::write(
        bad.path().join("partners.csv"),
        "partner_id,name,country\nA,Alpha,USA\n",
    )
    .unwrap();
    let out = run(&data, &["import", bad.path().to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["imported"], false);
    assert_eq!(json["problem_count"], 1);
    assert_eq!(json["problems"][0]["file"], "partners.csv");
    assert_eq!(json["problems"][0]["line"], 2);
    assert_eq!(json["problems"][0]["column"], "country");

    let out = run(&data, &["tokens", "list", "--json"]);
    assert_eq!(stdout(&out).trim(), "[]");
    assert_ok(&run(
        &data,
        &[
            "tokens",
            "create",
            "--name",
            "powerbi",
            "--expires-in-days",
            "30",
        ],
    ));
    let out = run(&data, &["tokens", "list", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["name"], "powerbi");
    assert_eq!(json[0]["role"], "ANALYST");
    assert_eq!(json[0]["active"], true);
    let out = run(&data, &["tokens", "list"]);
    let text = stdout(&out);
    assert!(text.starts_with("  ID  NAME"), "{text}");
    assert!(text.contains("LAST USED"), "{text}");
    assert!(text.contains("powerbi  ANALYST"), "{text}");
}

#[test]
fn an_import_without_refresh_leaves_its_partners_queued_and_recompute_stores_the_same_scores() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let folder = example("security-2023-worked");
    let out = run(
        &data,
        &["import", folder.to_str().unwrap(), "--no-refresh", "--json"],
    );
    assert_ok(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["partners_queued"], 1);
    assert!(json["scores_recomputed"].is_null(), "{json}");
    // Queued scores are computed when read: the same numbers before and after the recompute.
    let score = ["score", "--partner", "P", "--json"];
    let before = stdout(&run(&data, &score));
    let out = run(&data, &["recompute"]);
    assert_ok(&out);
    assert!(
        stdout(&out).starts_with("recomputed stale scores: 1 partner(s)"),
        "{}",
        stdout(&out)
    );
    assert_eq!(stdout(&run(&data, &score)), before);
    let out = run(&data, &["recompute"]);
    assert_eq!(stdout(&out), "no stale scores: nothing to recompute\n");

    let out = run(&data, &["import", folder.to_str().unwrap(), "--no-refresh"]);
    assert_ok(&out);
    assert!(
        stdout(&out).contains("scores left queued for 0 partner(s)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_long_list_of_import_problems_is_cut_at_fifty_with_the_total() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    let mut text = String::from("partner_id,name,country\n");
    for i in 0..60 {
        text.push_str(&format!("P{i},Partner {i},XX\n"));
    }
    std::fs::write(bad.join("partners.csv"), text).unwrap();
    let out = run(&data, &["import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 52, "{err}");
    assert!(
        lines[0].contains("60 problem(s), nothing was written"),
        "{err}"
    );
    assert!(lines[50].starts_with("partners.csv:51: country:"), "{err}");
    assert_eq!(
        lines[51],
        "… and 10 more (60 problems in all; --all-problems or --json shows every one)"
    );
    let out = run(&data, &["import", bad.to_str().unwrap(), "--all-problems"]);
    assert_eq!(stderr(&out).lines().count(), 61);
}

#[test]
fn disabling_a_user_or_revoking_a_token_twice_gives_the_same_answer() {
    let (_dir, data) = imported();
    assert_ok(&run(
        &data,
        &[
            "users",
            "add",
            "--email",
            "Ana@Example.com",
            "--role",
            "admin",
            "--password",
            "correct horse battery",
        ],
    ));
    let first = run(&data, &["users", "disable", "--email", "ana@example.com"]);
    assert_ok(&first);
    assert_eq!(stdout(&first), "user ana@example.com disabled\n");
    let again = run(&data, &["users", "disable", "--email", "ana@example.com"]);
    assert_ok(&again);
    assert_eq!(stdout(&again), "user ana@example.com is already disabled\n");
    assert_fails_with(
        &run(
            &data,
            &["users", "disable", "--email", "nobody@example.com"],
        ),
        &["no user nobody@example.com"],
    );

    assert_ok(&run(&data, &["tokens", "create", "--name", "powerbi"]));
    let first = run(&data, &["tokens", "revoke", "--name", "powerbi"]);
    assert_ok(&first);
    assert_eq!(stdout(&first), "service token \"powerbi\" revoked\n");
    let again = run(&data, &["tokens", "revoke", "--name", "powerbi"]);
    assert_ok(&again);
    assert!(
        stdout(&again).starts_with("service token \"powerbi\" is already revoked (since "),
        "{}",
        stdout(&again)
    );
    assert_fails_with(
        &run(&data, &["tokens", "revoke", "--name", "nope"]),
        &["no service token named \"nope\""],
    );
}

#[test]
fn each_command_lists_its_own_options_before_the_global_ones_with_an_example() {
    let dir = tempfile::tempdir().unwrap();
    for command in [
        "serve",
        "import",
        "demo",
        "partners",
        "score",
        "recompute",
        "migrate",
        "completions",
    ] {
        let out = command_help(dir.path(), &[command]);
        let own = out
            .find("Options:")
            .unwrap_or_else(|| panic!("{command}: {out}"));
        let global = out
            .find("Global options:")
            .unwrap_or_else(|| panic!("{command}: {out}"));
        let example = out
            .find("Example")
            .unwrap_or_else(|| panic!("{command}: {out}"));
        assert!(own < global && global < example, "{command}:\n{out}");
        assert!(
            out.contains(&format!("partnergraph {command}")),
            "{command}:\n{out}"
        );
    }
    let score = command_help(dir.path(), &["score"]);
    assert!(score.find("--partner").unwrap() < score.find("--database-url").unwrap());
    for sub in [
        ["tokens", "list"],
        ["tokens", "revoke"],
        ["users", "disable"],
    ] {
        let out = command_help(dir.path(), &sub);
        assert!(out.contains("Example"), "{sub:?}:\n{out}");
    }
}

fn command_help(cwd: &Path, args: &[&str]) -> String {
    let out = command(cwd).args(args).arg("--help").output().unwrap();
    assert_ok(&out);
    stdout(&out)
}

#[test]
fn completions_are_printed_for_bash_zsh_and_fish() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef partnergraph"),
        ("fish", "complete -c partnergraph"),
    ] {
        let out = command(dir.path())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert_ok(&out);
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(
            script.contains("partners"),
            "{shell} completes the partners command"
        );
    }
}

#[test]
fn log_lines_have_colours_on_a_terminal_unless_no_color_is_set() {
    // `script` gives the command a terminal, as a person at a shell has.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert_ok(&run(&data, &["migrate"]));
    let logged = |no_color: Option<&str>, name: &str| {
        let line = format!(
            "{BIN} --data-dir {} tokens create --name {name}",
            data.display()
        );
        let mut c = Command::new("script");
        c.args(["-qec", &line, "/dev/null"]).current_dir(dir.path());
        c.env_remove("NO_COLOR").env_remove("DATABASE_URL");
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        }
        let out = c.output().expect("script(1) from util-linux");
        assert_ok(&out);
        stdout(&out)
    };
    let coloured = logged(None, "one");
    assert!(coloured.contains("service token created"), "{coloured}");
    assert!(
        coloured.contains("\x1b["),
        "colours on a terminal: {coloured:?}"
    );
    let plain = logged(Some("1"), "two");
    assert!(plain.contains("service token created"), "{plain}");
    assert!(!plain.contains("\x1b["), "NO_COLOR: {plain:?}");
}
