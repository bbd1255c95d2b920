//! Plain-text rendering of scores for the command line: the breakdown a partner can follow, facts
//! included.

use std::fmt::Write;

use rust_decimal::Decimal;

use crate::domain::{DesignationCode, MetricCode};
use crate::score::{DesignationScore, Fact, MetricScore};

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

/// A metric's name as people read it.
pub fn metric_name(code: MetricCode) -> &'static str {
    match code {
        MetricCode::NetCustomerAdds => "Net customer adds",
        MetricCode::IntermediateCertifications => "Intermediate certifications",
        MetricCode::AdvancedCertifications => "Advanced certifications",
        MetricCode::UsageGrowth => "Usage growth",
        MetricCode::Deployments => "Deployments",
    }
}

fn num(d: Decimal) -> String {
    let d = d.normalize();
    if d.scale() > 4 {
        d.round_dp(4).normalize().to_string()
    } else {
        d.to_string()
    }
}

fn points(d: Decimal) -> String {
    format!("{:.2}", d.round_dp(2))
}

fn fact_line(out: &mut String, indent: &str, f: &Fact) {
    let numbers: Vec<String> = f
        .numbers
        .iter()
        .map(|n| format!("{}={}", n.name, num(n.value)))
        .collect();
    let _ = write!(
        out,
        "{indent}{:?} {} [{:?}] {}",
        f.kind, f.subject, f.outcome, f.detail
    );
    if !numbers.is_empty() {
        let _ = write!(out, " ({})", numbers.join(", "));
    }
    out.push('\n');
}

fn metric_block(out: &mut String, m: &MetricScore, with_facts: bool) {
    let _ = writeln!(
        out,
        "  {:<29} {:>6} / {:<3}  value {}  target {}  missing {}{}",
        metric_name(m.metric),
        points(m.points),
        num(m.max_points),
        num(m.value),
        num(m.target),
        points(m.points_missing),
        if m.points < m.minimum_points {
            format!("  (below the minimum of {})", num(m.minimum_points))
        } else {
            String::new()
        },
    );
    for o in &m.options {
        let _ = writeln!(
            out,
            "      option {:<5} {:>6}  value {}  target {}{}",
            o.option,
            points(o.points),
            num(o.value),
            num(o.target),
            if o.chosen { "  (counts)" } else { "" }
        );
    }
    if with_facts {
        for f in &m.facts {
            fact_line(out, "      - ", f);
        }
    }
}

/// The breakdown of each designation score: total, verdict, each metric with maximum, value, target
/// and missing points, and (with `facts`) every fact behind every metric.
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
            "{partner} · {} as of {} (rule set {}{track}): {} / 100, {verdict}",
            designation_name(s.designation),
            s.as_of,
            s.rule_set,
            points(s.total)
        );
        for f in &s.facts {
            fact_line(&mut out, "  * ", f);
        }
        for m in &s.metrics {
            metric_block(&mut out, m, facts);
        }
        out.push('\n');
    }
    out
}
