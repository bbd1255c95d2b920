//! The acceptance test: every example folder of the spec gives exactly the points its `expected.json`
//! states. Every mismatch of every folder is reported at once.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::domain::{DesignationCode, MetricCode, Month};

use super::catalog::shipped_catalog;
use super::fixtures;
use super::output::{DesignationScore, MetricScore, TrackScore};
use super::{builtin_rule_sets, score_partner};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/examples");

fn dec(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => Decimal::from_str(&n.to_string())
            .ok()
            .or_else(|| n.as_f64().and_then(Decimal::from_f64_retain)),
        _ => None,
    }
}

struct Report {
    mismatches: Vec<String>,
}

impl Report {
    fn miss(
        &mut self,
        at: &str,
        key: &str,
        expected: impl std::fmt::Display,
        actual: impl std::fmt::Display,
    ) {
        self.mismatches
            .push(format!("{at}: {key}: expected {expected}, got {actual}"));
    }

    /// Points compare exactly (2 decimals); values compare after rounding to 2 decimals, as the
    /// examples state percentages rounded.
    fn number(&mut self, at: &str, key: &str, expected: &Value, actual: Decimal, round: bool) {
        let Some(e) = dec(expected) else {
            self.mismatches.push(format!(
                "{at}: {key}: expected value {expected} is not a number"
            ));
            return;
        };
        let a = if round { actual.round_dp(2) } else { actual };
        if a != e {
            self.miss(at, key, e, actual);
        }
    }

    fn unknown(&mut self, at: &str, key: &str) {
        self.mismatches.push(format!(
            "{at}: unknown key {key:?} in expected.json (not checked)"
        ));
    }

    fn metrics(&mut self, at: &str, expected: &Value, actual: &[MetricScore]) {
        let Some(map) = expected.as_object() else {
            return self.unknown(at, "metrics");
        };
        for (code, want) in map {
            let at = format!("{at} {code}");
            let Ok(metric) = MetricCode::from_str(code) else {
                return self.unknown(&at, code);
            };
            let Some(got) = actual.iter().find(|m| m.metric == metric) else {
                self.mismatches
                    .push(format!("{at}: metric missing from the score"));
                continue;
            };
            for (key, v) in want.as_object().into_iter().flatten() {
                match key.as_str() {
                    "points" => self.number(&at, "points", v, got.points, false),
                    "value" => self.number(&at, "value", v, got.value, true),
                    "options" => {
                        for (opt, w) in v.as_object().into_iter().flatten() {
                            let at = format!("{at} option {opt}");
                            let Some(o) = got.option(opt) else {
                                self.mismatches
                                    .push(format!("{at}: option missing from the score"));
                                continue;
                            };
                            for (k, x) in w.as_object().into_iter().flatten() {
                                match k.as_str() {
                                    "points" => self.number(&at, "points", x, o.points, false),
                                    "value" => self.number(&at, "value", x, o.value, true),
                                    other => self.unknown(&at, other),
                                }
                            }
                        }
                    }
                    other => self.unknown(&at, other),
                }
            }
        }
    }

    fn track(&mut self, at: &str, expected: &Value, actual: &TrackScore) {
        for (key, v) in expected.as_object().into_iter().flatten() {
            match key.as_str() {
                "total" => self.number(at, "total", v, actual.total, false),
                "meets" => {
                    if v.as_bool() != Some(actual.meets_requirements) {
                        self.miss(at, "meets", v, actual.meets_requirements);
                    }
                }
                "metrics" => self.metrics(at, v, &actual.metrics),
                other => self.unknown(at, other),
            }
        }
    }

    fn designation(&mut self, at: &str, expected: &Value, actual: &DesignationScore) {
        for (key, v) in expected.as_object().into_iter().flatten() {
            match key.as_str() {
                "track" => {
                    let want = v.as_str();
                    if want != actual.track.as_deref() {
                        self.miss(at, "track", v, format!("{:?}", actual.track));
                    }
                }
                "total" => self.number(at, "total", v, actual.total, false),
                "meets" => {
                    if v.as_bool() != Some(actual.meets_requirements) {
                        self.miss(at, "meets", v, actual.meets_requirements);
                    }
                }
                "metrics" => self.metrics(at, v, &actual.metrics),
                "tracks" => {
                    for (code, t) in v.as_object().into_iter().flatten() {
                        let at = format!("{at} track {code}");
                        match actual.track_score(code) {
                            Some(ts) => self.track(&at, t, ts),
                            None => self
                                .mismatches
                                .push(format!("{at}: track missing from the score")),
                        }
                    }
                }
                other => self.unknown(at, other),
            }
        }
    }
}

fn folders() -> Vec<PathBuf> {
    let root = Path::new(EXAMPLES);
    let entries = match std::fs::read_dir(root) {
        Ok(e) => e,
        Err(e) => panic!("the spec examples must be at {}: {e}", root.display()),
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_spec_example_folder_gives_exactly_its_expected_points() {
    let rules = builtin_rule_sets().remove(0);
    let catalog = shipped_catalog();
    let dirs = folders();
    assert!(
        dirs.len() >= 30,
        "expected the spec's example folders in {EXAMPLES}, found {}",
        dirs.len()
    );
    let mut report = Report {
        mismatches: Vec::new(),
    };
    let mut checked = 0;
    for dir in &dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let expected: Value = match std::fs::read_to_string(dir.join("expected.json"))
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        {
            Ok(v) => v,
            Err(e) => {
                report
                    .mismatches
                    .push(format!("{name}: cannot read expected.json: {e}"));
                continue;
            }
        };
        let partners = match fixtures::load(dir) {
            Ok(p) => p,
            Err(e) => {
                report
                    .mismatches
                    .push(format!("{name}: cannot load the CSV files: {e}"));
                continue;
            }
        };
        let Some(as_of) = expected
            .get("as_of")
            .and_then(Value::as_str)
            .and_then(|s| Month::from_str(s).ok())
        else {
            report
                .mismatches
                .push(format!("{name}: expected.json has no as_of month"));
            continue;
        };
        for (key, _) in expected.as_object().into_iter().flatten() {
            if !["as_of", "source", "partners"].contains(&key.as_str()) {
                report.unknown(&name, key);
            }
        }
        for (pid, designations) in expected
            .get("partners")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let Some(data) = partners.get(pid) else {
                report
                    .mismatches
                    .push(format!("{name} {pid}: partner not in partners.csv"));
                continue;
            };
            let scores = score_partner(&rules, &catalog, data, as_of);
            for (code, want) in designations.as_object().into_iter().flatten() {
                let at = format!("{name} {pid} {code}");
                let Ok(d) = DesignationCode::from_str(code) else {
                    report.unknown(&at, code);
                    continue;
                };
                match scores.iter().find(|s| s.designation == d) {
                    Some(s) => {
                        report.designation(&at, want, s);
                        checked += 1;
                    }
                    None => report.mismatches.push(format!("{at}: not scored")),
                }
            }
        }
    }
    assert!(checked > 0, "no designation was checked");
    assert!(
        report.mismatches.is_empty(),
        "{} mismatches:\n{}",
        report.mismatches.len(),
        report.mismatches.join("\n")
    );
}
