//! Plain-text rendering of scores for the command line: the breakdown a partner can follow, with
//! units (customers, professionals, protected users, %, US dollars with thousands separators) and
//! the facts in words. The exact numbers behind each fact are in `score --json`.

use std::fmt::Write;

use rust_decimal::Decimal;

use crate::domain::{DesignationCode, MetricCode};
use crate::score::{DesignationScore, Fact, FactKind, FactOutcome, MetricScore};

/// A designation's name as people read it.
pub fn designation_name(code: DesignationCode) -> &'static str {
    match code {
        DesignationCode::BusinessApplications => "Business Applications",
        DesignationCode::DataAiAzure => "Data & AI (Azure)",
        DesignationCode::DigitalAppInnovationAzure => "Digital & App Innovation (Azure)",
        DesignationCode::InfrastructureAzure => "Infrastructure (Azure)",
        DesignationCode::ModernWork => "Modern Work",
        DesignationCode::Security => "Security",
    }
}

/// What a metric's value and target count, as the 2023 rule sets define them.
fn unit(designation: DesignationCode, metric: MetricCode) -> Unit {
    use DesignationCode as D;
    use MetricCode as M;
    match (designation, metric) {
        (_, M::IntermediateCertifications | M::AdvancedCertifications) => {
            Unit::Count("professional", "professionals")
        }
        (D::BusinessApplications, M::NetCustomerAdds | M::Deployments) => {
            Unit::Count("customer workload", "customer workloads")
        }
        (D::BusinessApplications | D::DataAiAzure, M::UsageGrowth)
        | (D::DigitalAppInnovationAzure | D::InfrastructureAzure, M::UsageGrowth) => Unit::Percent,
        (D::Security, M::UsageGrowth) => Unit::Count("protected user", "protected users"),
        (D::ModernWork, M::UsageGrowth) => Unit::Count("active user", "active users"),
        (
            D::DataAiAzure | D::DigitalAppInnovationAzure | D::InfrastructureAzure,
            M::Deployments,
        ) => Unit::Count("service", "services"),
        (_, M::NetCustomerAdds | M::Deployments) => Unit::Count("customer", "customers"),
    }
}

#[derive(Debug, Clone, Copy)]
enum Unit {
    /// A count of things: singular and plural.
    Count(&'static str, &'static str),
    /// A percentage.
    Percent,
}

impl Unit {
    fn show(self, d: Decimal) -> String {
        match self {
            Unit::Count(one, many) => {
                let n = number(d);
                if d.abs() == Decimal::ONE {
                    format!("{n} {one}")
                } else {
                    format!("{n} {many}")
                }
            }
            Unit::Percent => format!("{}%", number(d.round_dp(2))),
        }
    }
}

/// A number with thousands separators and at most 4 decimals: `2,500`, `10.3604`, `-3`.
pub fn number(d: Decimal) -> String {
    let d = d.round_dp(4).normalize();
    let text = d.abs().to_string();
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if d.is_sign_negative() && !d.is_zero() {
        "-"
    } else {
        ""
    };
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Thousands separators in the dollar amounts of a sentence: `$30000.00` becomes `$30,000.00`.
pub fn with_dollar_separators(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (whole, after) = rest.split_at(digits);
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// At most `width` characters of `text`, with `…` when cut.
pub fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut clipped: String = text.chars().take(width.saturating_sub(1)).collect();
    clipped.push('…');
    clipped
}

fn points(d: Decimal) -> String {
    format!("{:.2}", d.round_dp(2))
}

fn outcome_words(o: FactOutcome) -> Option<&'static str> {
    Some(match o {
        FactOutcome::Counted => "counted",
        FactOutcome::NotCounted => "not counted",
        FactOutcome::Added => "added",
        FactOutcome::Lost => "lost",
        FactOutcome::Retained => "retained",
        FactOutcome::Deployed => "deployed",
        FactOutcome::Excluded => "excluded",
        FactOutcome::Met => "met",
        FactOutcome::Short => "short",
        FactOutcome::Chosen => "chosen",
        FactOutcome::NotChosen => "not chosen",
        FactOutcome::Info => return None,
    })
}

fn subject_words(f: &Fact) -> String {
    match f.kind {
        FactKind::Customer => format!("customer {}", f.subject),
        FactKind::Tpid => format!("customer group (TPID) {}", f.subject),
        FactKind::CustomerWorkload => format!("customer {}", f.subject),
        FactKind::Professional => format!("professional {}", f.subject),
        FactKind::Service => format!("service {}", f.subject),
        FactKind::Step | FactKind::Total => f.subject.clone(),
        FactKind::Track => format!("track {}", f.subject),
    }
}

/// One fact as a sentence: who or what, how it counted, and why.
fn fact_line(out: &mut String, indent: &str, f: &Fact) {
    let detail = with_dollar_separators(&f.detail);
    let subject = subject_words(f);
    let outcome = outcome_words(f.outcome);
    let _ = match (outcome, detail.starts_with(&subject)) {
        // The sentence already starts with its subject ("step 1 (AZ-305) has ...").
        (Some(o), true) => writeln!(out, "{indent}{detail} ({o})"),
        (None, true) => writeln!(out, "{indent}{detail}"),
        (Some(o), false) => writeln!(out, "{indent}{subject} ({o}): {detail}"),
        (None, false) => writeln!(out, "{indent}{subject}: {detail}"),
    };
}

const METRIC_WIDTH: usize = 29;
const POINTS_WIDTH: usize = 12;
const VALUE_WIDTH: usize = 24;

fn metric_block(out: &mut String, designation: DesignationCode, m: &MetricScore, with_facts: bool) {
    let unit = unit(designation, m.metric);
    let below = if m.points < m.minimum_points {
        format!(
            "  below the minimum of {} point{}",
            number(m.minimum_points),
            if m.minimum_points == Decimal::ONE {
                ""
            } else {
                "s"
            }
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "  {:<METRIC_WIDTH$} {:>POINTS_WIDTH$}  {:<VALUE_WIDTH$} {:<VALUE_WIDTH$} {:>7}{below}",
        m.metric.name(),
        format!("{} / {}", points(m.points), number(m.max_points)),
        unit.show(m.value),
        unit.show(m.target),
        points(m.points_missing),
    );
    for o in &m.options {
        let _ = writeln!(
            out,
            "      through {:<5} {:>6} points, {} of {}{}",
            o.option,
            points(o.points),
            number(o.value),
            unit.show(o.target),
            if o.chosen {
                " (the option that counts)"
            } else {
                ""
            }
        );
    }
    if with_facts {
        for f in &m.facts {
            fact_line(out, "      - ", f);
        }
    }
}

/// The breakdown of each designation score: total, verdict, a table of the metrics with points,
/// value, target and missing points, and (with `facts`) every fact behind every metric.
pub fn render(partner: &str, scores: &[DesignationScore], facts: bool) -> String {
    let mut out = String::new();
    for s in scores {
        let verdict = if s.meets_requirements {
            "meets requirements"
        } else {
            "does not meet requirements"
        };
        let track = s
            .track
            .as_deref()
            .map(|t| format!(", track {t}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{partner} · {} as of {} (rule set {}{track}): {} / 100 points, {verdict}",
            designation_name(s.designation),
            s.as_of,
            s.rule_set,
            points(s.total)
        );
        for f in &s.facts {
            fact_line(&mut out, "  ", f);
        }
        let _ = writeln!(
            out,
            "  {:<METRIC_WIDTH$} {:>POINTS_WIDTH$}  {:<VALUE_WIDTH$} {:<VALUE_WIDTH$} {:>7}",
            "Metric", "Points", "Value", "Target (full points)", "Missing"
        );
        for m in &s.metrics {
            metric_block(&mut out, s.designation, m, facts);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    #[test]
    fn numbers_get_thousands_separators_and_keep_their_sign_and_decimals() {
        assert_eq!(number(dec!(2500)), "2,500");
        assert_eq!(number(dec!(1234567.5)), "1,234,567.5");
        assert_eq!(number(dec!(-3)), "-3");
        assert_eq!(number(dec!(10.36041)), "10.3604");
        assert_eq!(number(dec!(999)), "999");
        assert_eq!(number(dec!(0)), "0");
    }

    #[test]
    fn dollar_amounts_in_sentences_get_separators_and_nothing_else_changes() {
        assert_eq!(
            with_dollar_separators(
                "ACR $30000.00 over 12 months and $150.00, tenant 00000000-0000"
            ),
            "ACR $30,000.00 over 12 months and $150.00, tenant 00000000-0000"
        );
        assert_eq!(with_dollar_separators("$1000000"), "$1,000,000");
        assert_eq!(with_dollar_separators("no money $"), "no money $");
    }

    #[test]
    fn facts_read_as_sentences_without_internal_names() {
        let mut out = String::new();
        let f = Fact::new(
            FactKind::Track,
            "SMB",
            FactOutcome::NotChosen,
            "SMB track computed: 32.60 points",
        )
        .with("big_at_as_of", 0);
        fact_line(&mut out, "", &f);
        assert_eq!(
            out,
            "track SMB (not chosen): SMB track computed: 32.60 points\n"
        );
        let mut out = String::new();
        let step = Fact::new(
            FactKind::Step,
            "step 1",
            FactOutcome::Short,
            "step 1 (AZ-305) has 0 professionals, needs 2",
        );
        fact_line(&mut out, "- ", &step);
        assert_eq!(
            out,
            "- step 1 (AZ-305) has 0 professionals, needs 2 (short)\n"
        );
    }

    #[test]
    fn values_and_targets_carry_their_units() {
        let growth = unit(DesignationCode::Security, MetricCode::UsageGrowth);
        assert_eq!(growth.show(dec!(2500)), "2,500 protected users");
        let percent = unit(DesignationCode::DataAiAzure, MetricCode::UsageGrowth);
        assert_eq!(percent.show(dec!(10.3604)), "10.36%");
        let adds = unit(DesignationCode::Security, MetricCode::NetCustomerAdds);
        assert_eq!(adds.show(dec!(1)), "1 customer");
        assert_eq!(adds.show(dec!(-2)), "-2 customers");
    }
}
