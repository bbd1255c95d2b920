//! `partnergraph import`: the folder's summary or every problem, as text or JSON, then the refresh
//! of the scores it made stale (unless `--no-refresh`).

use std::io::Write;

use anyhow::Context;
use serde_json::json;

use super::{ImportArgs, Out, PROBLEMS_SHOWN, Reported, refresh_json, refresh_scores};
use crate::config::Config;
use crate::import::{ImportError, Problem};

pub(super) async fn import(
    config: &Config,
    args: &ImportArgs,
    out: &mut Out,
) -> anyhow::Result<()> {
    let db = crate::db::open_for_writing(config).await?;
    let progress = if args.json {
        crate::import::Progress::silent()
    } else {
        crate::import::Progress::terminal()
    };
    let shown = args.folder.display();
    let report = match crate::import::import_folder(&db, &args.folder, progress).await {
        Ok(report) => report,
        Err(ImportError::Invalid(problems)) => {
            if args.json {
                let value = json!({
                    "imported": false,
                    "folder": shown.to_string(),
                    "problem_count": problems.len(),
                    "problems": problems.iter().map(problem_json).collect::<Vec<_>>(),
                });
                writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
            } else {
                let limit = if args.all_problems {
                    usize::MAX
                } else {
                    PROBLEMS_SHOWN
                };
                let mut err = std::io::stderr().lock();
                let _ = write!(
                    err,
                    "{}",
                    problem_list(&shown.to_string(), &problems, limit)
                );
            }
            return Err(Reported(format!(
                "import of {shown} failed: {} problem(s)",
                problems.len()
            ))
            .into());
        }
        Err(e) => return Err(e).with_context(|| format!("import of {shown} failed")),
    };
    let refreshed = if args.no_refresh {
        None
    } else {
        Some(refresh_scores(&db).await?)
    };
    if args.json {
        let value = json!({
            "imported": true,
            "folder": shown.to_string(),
            "files": report.files.iter().map(|c| json!({
                "file": c.file,
                "inserted": c.inserted,
                "updated": c.updated,
                "unchanged": c.unchanged,
            })).collect::<Vec<_>>(),
            "partners_queued": report.partners_queued,
            "seconds": report.seconds,
            "scores_recomputed": refreshed.as_ref().map(refresh_json),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        writeln!(out, "{report}")?;
        match refreshed {
            Some(refreshed) => writeln!(out, "scores recomputed: {refreshed}")?,
            None => writeln!(
                out,
                "scores left queued for {} partner(s): `partnergraph recompute` or a running \
                 `partnergraph serve` recomputes them; until then they are computed when read",
                report.partners_queued
            )?,
        }
    }
    Ok(())
}

/// The problems of a failed import as printed: a heading, at most `limit` problems, and how many
/// more there are.
pub(super) fn problem_list(folder: &str, problems: &[Problem], limit: usize) -> String {
    use std::fmt::Write as _;
    let mut text = format!(
        "partnergraph: import of {folder} failed: {} problem(s), nothing was written:\n",
        problems.len()
    );
    for p in problems.iter().take(limit) {
        let _ = writeln!(text, "{p}");
    }
    if problems.len() > limit {
        let _ = writeln!(
            text,
            "… and {} more ({} problems in all; --all-problems or --json shows every one)",
            problems.len() - limit,
            problems.len()
        );
    }
    text
}

fn problem_json(p: &Problem) -> serde_json::Value {
    json!({
        "file": p.file,
        "line": p.line,
        "column": p.column,
        "message": p.message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_problem_list_is_cut_and_says_how_many_are_left_out() {
        let problems: Vec<Problem> = (2..=61)
            .map(|line| Problem {
                file: "partners.csv".into(),
                line,
                column: "country".into(),
                message: "bad".into(),
            })
            .collect();
        let text = problem_list("f", &problems, PROBLEMS_SHOWN);
        assert_eq!(text.lines().count(), 1 + 50 + 1);
        assert!(text.contains("partners.csv:51: country: bad"));
        assert!(!text.contains("partners.csv:52:"));
        assert!(text.ends_with(
            "… and 10 more (60 problems in all; --all-problems or --json shows every one)\n"
        ));
        let all = problem_list("f", &problems, usize::MAX);
        assert_eq!(all.lines().count(), 61);
    }
}
