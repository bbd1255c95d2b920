//! Recommendations: the single actions that would raise a partner's score of one designation, found
//! from the rows the engine reads and each scored by the engine itself, and the path to the threshold
//! (the fewest such actions, taken best first, whose combined score meets requirements).
//!
//! Nothing is estimated: a candidate action is a list of [`Change`]s, applied in memory and scored with
//! the same rules as the stored scores, so `points_gained` is exactly what a simulation of the same
//! changes reports. The candidates come from the facts:
//! - a professional of the partner earning one more certification of the designation's lists (one
//!   exam; professionals holding the same valid certifications are tried once);
//! - a professional associated with no partner, holding certifications of those lists, joining;
//! - a customer whose usage the partner already sees (through an association of another type, or one
//!   that ended) getting an association of a type the metrics count;
//! - a customer just under a seat, usage or revenue threshold: the least growth of one figure of its
//!   month (at most half as much again) that gives a point, or what the most gives when that is less.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::catalog::CertificationCatalog;
use super::certification_standing::is_valid;
use super::input::{HeldCertification, PartnerData};
use super::output::DesignationScore;
use super::rule_set::{DesignationRules, RuleSet};
use super::what_if::{Change, UsageMeasure, apply};
use crate::domain::{AssociationType, DesignationCode, MetricCode, Month};

mod usage;

/// What one action costs, in kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActionCost {
    /// One certification exam passed by a professional of the partner.
    CertificationExam,
    /// One professional joining the partner.
    NewProfessional,
    /// One customer association claimed or linked.
    CustomerAssociation,
    /// More usage at one customer in the month scored.
    CustomerUsage,
}

/// One action that raises the score of a designation.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    /// The changes, as `simulateScore` takes them.
    pub changes: Vec<Change>,
    /// What it costs.
    pub cost: ActionCost,
    /// The metric whose points rise most.
    pub metric: MetricCode,
    /// The metric was below the minimum the designation needs in every metric.
    pub raises_blocked_metric: bool,
    /// Total after minus total before.
    pub points_gained: Decimal,
    /// The designation's total after the action.
    pub total_after: Decimal,
    /// Whether the designation meets requirements after the action.
    pub meets_after: bool,
    /// What to do, in words.
    pub action: String,
    /// A sentence for people: the action and what it gives.
    pub detail: String,
}

impl Recommendation {
    /// Sets the numbers of the action taken on a partner scored `before`, giving `after`.
    fn score(&mut self, before: &DesignationScore, after: &DesignationScore) {
        self.points_gained = after.total - before.total;
        self.total_after = after.total;
        self.meets_after = after.meets_requirements;
        self.detail = format!(
            "{}: {} rises by {} points to {} (from {})",
            self.action,
            self.metric.name(),
            self.points_gained,
            after.total,
            before.total
        );
    }
}

/// The shortest path to requirements found, or why there is none.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The actions, in the order taken; empty when requirements are already met.
    pub actions: Vec<Recommendation>,
    /// The designation's total with every action applied.
    pub total_after: Decimal,
    /// Whether requirements are met with every action applied.
    pub meets_after: bool,
    /// When requirements are not met: why no path was found.
    pub reason: Option<String>,
}

impl Path {
    /// Every change of every action, in order.
    pub fn changes(&self) -> Vec<Change> {
        self.actions
            .iter()
            .flat_map(|a| a.changes.iter().cloned())
            .collect()
    }
}

/// Most customers tried for a new association, by their usage in the designation's workloads.
const CUSTOMERS_TRIED: usize = 30;

/// Most actions a path takes before it stops looking.
pub const MAX_PATH_ACTIONS: usize = 30;

/// What the search reads besides a partner's rows.
pub struct Search<'a> {
    /// The rule set in force at the month.
    pub rules: &'a RuleSet,
    /// The certification catalogue.
    pub catalog: &'a CertificationCatalog,
    /// The month scored (at its end).
    pub month: Month,
    /// The designation.
    pub designation: DesignationCode,
    /// Certifications of professionals associated with no partner, who could join.
    pub free_professionals: &'a [HeldCertification],
}

impl Search<'_> {
    fn score(&self, data: &PartnerData) -> DesignationScore {
        super::score_designation(self.rules, self.catalog, data, self.month, self.designation)
    }

    fn designation_rules(&self) -> Option<&DesignationRules> {
        self.rules.designation(self.designation)
    }

    /// Every action that raises the designation's total, best first: actions on a metric below its
    /// minimum, then by points gained.
    pub fn recommendations(&self, data: &PartnerData) -> Vec<Recommendation> {
        let before = self.score(data);
        let mut out: Vec<Recommendation> = self
            .candidates(data)
            .into_iter()
            .filter_map(|c| self.evaluate(data, &before, c))
            .collect();
        out.extend(self.usage_growth(data, &before));
        best_first(&mut out);
        merge_alternative_exams(out)
    }

    /// The actions of `earlier` scored again on `data`, best first; those that no longer gain left out.
    fn rescore(&self, data: &PartnerData, earlier: &[Recommendation]) -> Vec<Recommendation> {
        let before = self.score(data);
        let mut out: Vec<Recommendation> = earlier
            .iter()
            .filter_map(|r| {
                self.evaluate(data, &before, (r.cost, r.changes.clone(), r.action.clone()))
            })
            .collect();
        best_first(&mut out);
        out
    }

    /// The fewest recommended actions found that together meet requirements: the best action is taken
    /// until requirements are met, then every action the rest do not need is dropped. After the first
    /// search, each step scores again the actions found before it; only when none of them gains any
    /// more is the partner searched afresh.
    pub fn path_to_threshold(&self, data: &PartnerData) -> Path {
        self.path_from(data, self.recommendations(data))
    }

    /// [`Self::path_to_threshold`] from `data`'s recommendations, already found.
    pub fn path_from(&self, data: &PartnerData, recommendations: Vec<Recommendation>) -> Path {
        let start = self.score(data);
        if start.meets_requirements {
            return Path {
                actions: Vec::new(),
                total_after: start.total,
                meets_after: true,
                reason: None,
            };
        }
        let mut working = data.clone();
        let mut actions: Vec<Recommendation> = Vec::new();
        let mut score = start;
        let mut found: Vec<Recommendation> = recommendations;
        let mut first = true;
        while !score.meets_requirements && actions.len() < MAX_PATH_ACTIONS {
            if !first {
                found = self.rescore(&working, &found);
            }
            first = false;
            if found.is_empty() {
                found = self.recommendations(&working);
            }
            if found.is_empty() {
                break;
            }
            let best = found.remove(0);
            apply(&mut working, &best.changes, self.free_professionals);
            actions.push(best);
            score = self.score(&working);
        }
        if !score.meets_requirements {
            return Path {
                reason: Some(self.why_short(&score, actions.len())),
                actions,
                total_after: score.total,
                meets_after: false,
            };
        }
        // Drop, last first, each action the others meet requirements without.
        let mut i = actions.len();
        while i > 0 {
            i -= 1;
            let mut without = actions.clone();
            without.remove(i);
            if self.with_actions(data, &without).meets_requirements {
                actions = without;
            }
        }
        let mut actions = usage::merge_usage(actions);
        let end = self.with_actions(data, &actions);
        // Each action's own numbers are those of taking it after the ones before it.
        let mut so_far = data.clone();
        let mut previous = self.score(&so_far);
        for a in &mut actions {
            apply(&mut so_far, &a.changes, self.free_professionals);
            let now = self.score(&so_far);
            a.score(&previous, &now);
            previous = now;
        }
        Path {
            actions,
            total_after: end.total,
            meets_after: end.meets_requirements,
            reason: None,
        }
    }

    fn with_actions(&self, data: &PartnerData, actions: &[Recommendation]) -> DesignationScore {
        let mut d = data.clone();
        for a in actions {
            apply(&mut d, &a.changes, self.free_professionals);
        }
        self.score(&d)
    }

    fn why_short(&self, score: &DesignationScore, taken: usize) -> String {
        let blocked: Vec<String> = score
            .metrics
            .iter()
            .filter(|m| m.points < m.minimum_points)
            .map(|m| {
                format!(
                    "{} has {} of the {} points it needs",
                    m.metric.name(),
                    m.points,
                    m.minimum_points
                )
            })
            .collect();
        let min_total = self.rules.requirements.min_total;
        let mut short = Vec::new();
        if score.total < min_total {
            short.push(format!(
                "the total is {} of the {min_total} needed",
                score.total
            ));
        }
        short.extend(blocked);
        let after = match taken {
            0 => "no single change found in the partner's data raises the score".to_string(),
            n if n >= MAX_PATH_ACTIONS => {
                format!("after the most actions a path takes ({n}) requirements are still not met")
            }
            n => format!(
                "after {n} action{} no further single change found raises the score",
                if n == 1 { "" } else { "s" }
            ),
        };
        format!("{after}: {}", short.join("; "))
    }

    fn evaluate(
        &self,
        data: &PartnerData,
        before: &DesignationScore,
        (cost, changes, detail): Candidate,
    ) -> Option<Recommendation> {
        let mut after_data = data.clone();
        apply(&mut after_data, &changes, self.free_professionals);
        let after = self.score(&after_data);
        let gained = after.total - before.total;
        if gained <= Decimal::ZERO {
            return None;
        }
        let (metric, blocked) = before
            .metrics
            .iter()
            .filter_map(|b| {
                let a = after.metric(b.metric)?;
                Some((a.points - b.points, b))
            })
            .filter(|(rise, _)| *rise > Decimal::ZERO)
            .max_by(|(x, a), (y, b)| {
                let blocked = |m: &super::output::MetricScore| m.points < m.minimum_points;
                blocked(a).cmp(&blocked(b)).then(x.cmp(y))
            })
            .map(|(_, b)| (b.metric, b.points < b.minimum_points))?;
        let mut r = Recommendation {
            changes,
            cost,
            metric,
            raises_blocked_metric: blocked,
            points_gained: gained,
            total_after: after.total,
            meets_after: after.meets_requirements,
            action: detail,
            detail: String::new(),
        };
        r.score(before, &after);
        Some(r)
    }

    fn candidates(&self, data: &PartnerData) -> Vec<Candidate> {
        let Some(rules) = self.designation_rules() else {
            return Vec::new();
        };
        let codes: BTreeSet<&str> = rules
            .eligible_certifications
            .iter()
            .map(|c| c.certification.as_str())
            .filter(|c| self.catalog.knows(c))
            .filter(|c| {
                self.catalog
                    .retired_on(c)
                    .is_none_or(|r| r >= self.month.first_day())
            })
            .collect();
        let day = self.month.first_day();
        let mut out = Vec::new();
        // A professional of the partner earns one more certification.
        for (id, (held, alike)) in self.classes(&active(data, self.month), &data.certifications) {
            for code in codes.iter().filter(|c| !held.contains(**c)) {
                out.push((
                    ActionCost::CertificationExam,
                    vec![Change::AddCertification {
                        professional_id: id.clone(),
                        certification: (*code).to_string(),
                        earned_on: day,
                        expires_on: None,
                    }],
                    format!("{id}{} earns {code}", others(alike)),
                ));
            }
        }
        // A professional associated with no partner joins.
        let mut free: Vec<String> = self
            .free_professionals
            .iter()
            .map(|c| c.professional_id.clone())
            .collect();
        free.sort_unstable();
        free.dedup();
        let active_now = active(data, self.month);
        free.retain(|id| !active_now.contains(id));
        for (id, (held, alike)) in self.classes(&free, self.free_professionals) {
            if held.is_empty() {
                continue;
            }
            let list: Vec<&str> = held.iter().map(String::as_str).collect();
            out.push((
                ActionCost::NewProfessional,
                vec![Change::AssociateProfessional {
                    professional_id: id.clone(),
                    on: day,
                }],
                format!(
                    "{id}{}, holding {}, joins the partner",
                    others(alike),
                    list.join(", ")
                ),
            ));
        }
        // A customer the partner already sees gets an association of another type.
        let workloads: BTreeSet<&str> = rules
            .eligible_workloads
            .iter()
            .map(String::as_str)
            .collect();
        // The customers with the most usage rows in the designation's workloads, then the most seats,
        // users and dollars.
        let mut size: BTreeMap<&str, (usize, i64)> = BTreeMap::new();
        for u in data
            .usage
            .iter()
            .filter(|u| workloads.contains(u.workload.as_str()))
        {
            let e = size.entry(u.tenant_id.as_str()).or_default();
            e.0 += 1;
            e.1 += UsageMeasure::ALL
                .iter()
                .filter_map(|m| m.of(u))
                .sum::<i64>();
        }
        let mut ranked: Vec<(&str, (usize, i64))> = size.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let tenants: Vec<&str> = ranked
            .into_iter()
            .take(CUSTOMERS_TRIED)
            .map(|(t, _)| t)
            .collect();
        let end = self.month.last_day();
        for tenant in tenants {
            for t in AssociationType::ALL {
                let in_force = data.associations.iter().any(|a| {
                    a.tenant_id == tenant
                        && a.association_type == *t
                        && a.workload.is_none()
                        && a.start_date <= end
                        && a.end_date.is_none_or(|e| e >= end)
                });
                if in_force {
                    continue;
                }
                out.push((
                    ActionCost::CustomerAssociation,
                    vec![Change::AddCustomerAssociation {
                        tenant_id: tenant.to_string(),
                        association_type: *t,
                        workload: None,
                        start_date: day,
                    }],
                    format!("customer {tenant} is associated by {t}"),
                ));
            }
        }
        out
    }

    /// Of `ids`, one professional per set of valid certifications of the designation's lists (the
    /// first id of each), with that set and how many others hold the same.
    fn classes(
        &self,
        ids: &[String],
        certifications: &[HeldCertification],
    ) -> BTreeMap<String, (BTreeSet<String>, usize)> {
        let eligible: BTreeSet<&str> = self
            .designation_rules()
            .map(|r| {
                r.eligible_certifications
                    .iter()
                    .map(|c| c.certification.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let mut by_set: BTreeMap<BTreeSet<String>, (String, usize)> = BTreeMap::new();
        for id in ids {
            let held: BTreeSet<String> = certifications
                .iter()
                .filter(|c| &c.professional_id == id)
                .filter(|c| eligible.contains(c.certification.as_str()))
                .filter(|c| is_valid(c, self.catalog, self.month))
                .map(|c| c.certification.clone())
                .collect();
            by_set
                .entry(held)
                .and_modify(|(_, n)| *n += 1)
                .or_insert_with(|| (id.clone(), 0));
        }
        by_set
            .into_iter()
            .map(|(held, (id, alike))| (id, (held, alike)))
            .collect()
    }
}

/// One exam per professional and gain: where several certifications of a list give a professional the
/// same points, the first is kept and the sentence names the others.
fn merge_alternative_exams(list: Vec<Recommendation>) -> Vec<Recommendation> {
    let mut out: Vec<Recommendation> = Vec::new();
    let mut alternatives: Vec<Vec<String>> = Vec::new();
    for r in list {
        let exam = |r: &Recommendation| match &r.changes[..] {
            [
                Change::AddCertification {
                    professional_id,
                    certification,
                    ..
                },
            ] => Some((professional_id.clone(), certification.clone())),
            _ => None,
        };
        let same = exam(&r).and_then(|(who, code)| {
            let at = out.iter().position(|o| {
                exam(o).is_some_and(|(w, _)| w == who)
                    && o.metric == r.metric
                    && o.points_gained == r.points_gained
            })?;
            Some((at, code))
        });
        match same {
            Some((at, code)) => alternatives[at].push(code),
            None => {
                out.push(r);
                alternatives.push(Vec::new());
            }
        }
    }
    for (r, others) in out.iter_mut().zip(alternatives) {
        if !others.is_empty() {
            let action = format!("{} ({} gives the same)", r.action, others.join(" or "));
            r.detail = r.detail.replacen(&r.action, &action, 1);
            r.action = action;
        }
    }
    out
}

/// Actions on a metric below its minimum first, then by points gained, then by cost and words.
fn best_first(list: &mut [Recommendation]) {
    list.sort_by(|a, b| {
        b.raises_blocked_metric
            .cmp(&a.raises_blocked_metric)
            .then(b.points_gained.cmp(&a.points_gained))
            .then(a.cost.cmp(&b.cost))
            .then(a.detail.cmp(&b.detail))
    });
}

/// A candidate action: its cost, its changes and what it does, in words.
type Candidate = (ActionCost, Vec<Change>, String);

/// The professionals associated with the partner at the end of `month`, sorted.
fn active(data: &PartnerData, month: Month) -> Vec<String> {
    let end = month.last_day();
    let mut ids: Vec<String> = data
        .professionals
        .iter()
        .filter(|p| p.associated_on <= end && p.removed_on.is_none_or(|r| r > end))
        .map(|p| p.professional_id.clone())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn others(alike: usize) -> String {
    match alike {
        0 => String::new(),
        1 => " (or 1 other professional with the same certifications)".to_string(),
        n => format!(" (or one of {n} other professionals with the same certifications)"),
    }
}
