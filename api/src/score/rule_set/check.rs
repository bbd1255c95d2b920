//! The consistency checks of a rule-set file, run by [`RuleSet::from_json`]: every list a rule names
//! exists, every quantity is positive, tracks and metrics match, the derived lists (eligible workloads
//! and certifications) are exactly what the rules read, and the usage history covers the oldest month
//! any rule reads.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use crate::domain::MetricCode;

use super::{
    DeploymentCount, EligibleCertification, MetricRule, Requirement, RuleSet, TrackChoice,
};

impl RuleSet {
    /// Every inconsistency of the rule set (empty when it is usable).
    pub(super) fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        if self.baseline_months < 1
            || self.trailing_months < 1
            || self.qualification_window_months < 1
        {
            p.push("baseline_months, trailing_months and qualification_window_months must be at least 1".into());
        }
        // The oldest month any rule reads: the trailing period ending at the baseline, or the month before
        // the baseline for "one of the last two months".
        let mut oldest = self.baseline_months + self.trailing_months - 1;
        for (name, card) in &self.rate_cards {
            for e in &card.workloads {
                if e.mcv_workload.is_some() {
                    let group_ok = e
                        .customer_success_group
                        .as_ref()
                        .is_some_and(|g| card.customer_success_groups.contains_key(g));
                    if e.rate.is_none() || e.unit.is_none() || !group_ok {
                        p.push(format!("rate card {name}: {} has an MCV workload but no rate, unit or known group", e.workload));
                    }
                }
            }
        }
        for (code, def) in &self.specialization_requirements {
            if def.requirements.is_empty() {
                p.push(format!("specialization {code}: no requirements"));
            }
            for r in def.requirements.iter().flat_map(Requirement::walk) {
                let ok = match r {
                    Requirement::ActiveUserGrowth {
                        workloads,
                        association_types,
                        min_users,
                        ..
                    } => {
                        !workloads.is_empty()
                            && !association_types.is_empty()
                            && *min_users > Decimal::ZERO
                    }
                    Requirement::TrailingAcr {
                        workloads,
                        association_types,
                        min_usd,
                        ..
                    } => {
                        !workloads.is_empty()
                            && !association_types.is_empty()
                            && *min_usd > Decimal::ZERO
                    }
                    Requirement::CertifiedProfessionals {
                        certifications,
                        min_professionals,
                        ..
                    } => !certifications.is_empty() && *min_professionals > 0,
                    Requirement::AnyOf { options, .. } => !options.is_empty(),
                };
                if !ok {
                    p.push(format!(
                        "specialization {code}: a requirement has an empty list or a target that is not positive"
                    ));
                }
            }
        }
        let mut seen = BTreeSet::new();
        for d in &self.designations {
            let dc = d.code;
            if !seen.insert(dc) {
                p.push(format!("{dc} is listed twice"));
            }
            let order: Vec<usize> = d
                .metrics
                .iter()
                .filter_map(|m| MetricCode::ALL.iter().position(|c| *c == m.metric))
                .collect();
            if order.windows(2).any(|w| w[0] >= w[1]) {
                p.push(format!(
                    "{dc}: metrics must be listed once each, in the program's order"
                ));
            }
            for m in &d.metrics {
                if m.category != m.metric.category() {
                    p.push(format!(
                        "{dc} {}: category must be {}",
                        m.metric,
                        m.metric.category()
                    ));
                }
                if m.max_points <= Decimal::ZERO {
                    p.push(format!("{dc} {}: max_points must be positive", m.metric));
                }
            }
            let codes: Vec<Option<&str>> = d.tracks.iter().map(|t| t.track.as_deref()).collect();
            match &d.track_choice {
                TrackChoice::Single => {
                    if codes != [None] {
                        p.push(format!("{dc}: a single-track designation has exactly one track, with track null"));
                    }
                }
                TrackChoice::BestOf => {
                    if codes.is_empty() || codes.iter().any(Option::is_none) {
                        p.push(format!("{dc}: best_of needs named tracks"));
                    }
                }
                TrackChoice::RevenuePairs(c) => {
                    for t in [&c.track_when_met, &c.track_otherwise] {
                        if !codes.contains(&Some(t.as_str())) {
                            p.push(format!("{dc}: classification names unknown track {t}"));
                        }
                    }
                    if !self.rate_cards.contains_key(&c.rate_card) {
                        p.push(format!("{dc}: unknown rate card {}", c.rate_card));
                    }
                }
                TrackChoice::CustomerSegments(c) => {
                    for t in [&c.track_when_met, &c.track_otherwise] {
                        if !codes.contains(&Some(t.as_str())) {
                            p.push(format!("{dc}: classification names unknown track {t}"));
                        }
                    }
                    if !self.workload_sets.contains_key(&c.workloads) {
                        p.push(format!("{dc}: unknown workload set {}", c.workloads));
                    }
                    if c.min_smb_share <= Decimal::ZERO || c.min_smb_share > Decimal::ONE {
                        p.push(format!("{dc}: min_smb_share must be above 0 and at most 1"));
                    }
                }
            }
            let mut workloads = BTreeSet::new();
            let mut certs = BTreeSet::new();
            for t in &d.tracks {
                let tname = t.track.as_deref().unwrap_or("-");
                let want: Vec<MetricCode> = d.metrics.iter().map(|m| m.metric).collect();
                let have: Vec<MetricCode> = t.rules.keys().copied().collect();
                let mut want_sorted = want.clone();
                want_sorted.sort();
                if want_sorted != have {
                    p.push(format!(
                        "{dc} track {tname}: needs exactly one rule per metric"
                    ));
                }
                for (metric, rule) in &t.rules {
                    let at = format!("{dc} track {tname} {metric}");
                    self.check_rule(&at, *metric, rule, &mut workloads, &mut certs, &mut p);
                    if let MetricRule::AcrNetAdds { months, .. } = rule {
                        oldest = oldest.max(self.baseline_months + months - 1);
                    }
                }
            }
            match &d.track_choice {
                TrackChoice::RevenuePairs(c) => {
                    self.rate_card_workloads(&c.rate_card, true, &mut workloads);
                }
                TrackChoice::CustomerSegments(c) => {
                    if let Some(list) = self.workload_sets.get(&c.workloads) {
                        workloads.extend(list.iter().cloned());
                    }
                }
                TrackChoice::Single | TrackChoice::BestOf => {}
            }
            let listed: BTreeSet<&str> = d.eligible_workloads.iter().map(String::as_str).collect();
            let derived: BTreeSet<&str> = workloads.iter().map(String::as_str).collect();
            if listed != derived {
                p.push(format!("{dc}: eligible_workloads must list exactly the workloads the rules read: {derived:?}"));
            }
            let listed: BTreeSet<EligibleCertification> =
                d.eligible_certifications.iter().cloned().collect();
            if listed != certs {
                let expected: Vec<String> = certs
                    .iter()
                    .map(|c| format!("{}:{}:{}", c.metric, c.certification, c.step))
                    .collect();
                p.push(format!("{dc}: eligible_certifications must list exactly the certifications the rules read: {expected:?}"));
            }
        }
        if self.usage_history_months < oldest + 1 {
            p.push(format!(
                "usage_history_months must be at least {}",
                oldest + 1
            ));
        }
        p
    }

    fn rate_card_workloads(&self, card: &str, nca: bool, out: &mut BTreeSet<String>) {
        if let Some(card) = self.rate_cards.get(card) {
            for e in &card.workloads {
                if (nca && e.nca_workload.is_some()) || (!nca && e.mcv_workload.is_some()) {
                    out.insert(e.workload.clone());
                }
            }
        }
    }

    fn check_rule(
        &self,
        at: &str,
        metric: MetricCode,
        rule: &MetricRule,
        workloads: &mut BTreeSet<String>,
        certs: &mut BTreeSet<EligibleCertification>,
        p: &mut Vec<String>,
    ) {
        let mut set = |name: &str, p: &mut Vec<String>| match self.workload_sets.get(name) {
            Some(list) => workloads.extend(list.iter().cloned()),
            None => p.push(format!("{at}: unknown workload set {name}")),
        };
        let positive = |what: &str, v: Decimal, p: &mut Vec<String>| {
            if v <= Decimal::ZERO {
                p.push(format!("{at}: {what} must be positive"));
            }
        };
        match rule {
            MetricRule::SecurityNetAdds {
                m365,
                azure,
                full_at,
            } => {
                set(&m365.workloads, p);
                set(&azure.workloads, p);
                positive("full_at", *full_at, p);
            }
            MetricRule::SecurityDeployments {
                m365,
                azure,
                full_at,
                count,
            } => {
                if *count == DeploymentCount::Crossed && azure.max_trailing_acr_usd.is_some() {
                    p.push(format!(
                        "{at}: max_trailing_acr_usd needs count net (a crossed deployment has no upper end)"
                    ));
                }
                set(&m365.workloads, p);
                set(&azure.workloads, p);
                positive("full_at", *full_at, p);
            }
            MetricRule::SecurityUsageGrowth { m365, azure } => {
                set(&m365.workloads, p);
                set(&azure.workloads, p);
                positive("full_at_users", m365.full_at_users, p);
                positive("full_at_usd", azure.full_at_usd, p);
            }
            MetricRule::CertifiedProfessionals {
                steps,
                requires,
                full_at,
                points_per_professional,
            } => {
                positive("full_at", *full_at, p);
                if let Some(v) = points_per_professional {
                    positive("points_per_professional", *v, p);
                }
                for s in steps.iter().filter_map(|s| s.points.map(|v| (s, v))) {
                    if s.1 < Decimal::ZERO {
                        p.push(format!(
                            "{at}: step {} points must not be negative",
                            s.0.step
                        ));
                    }
                }
                for r in requires.iter().filter(|r| r.points.is_some()) {
                    p.push(format!(
                        "{at}: {} gives points per professional, not as a step",
                        r.step
                    ));
                }
                if requires.is_empty() {
                    p.push(format!("{at}: requires must name at least one list"));
                }
                for s in steps {
                    if s.min_professionals.is_none() {
                        p.push(format!("{at}: step {} needs min_professionals", s.step));
                    }
                }
                for r in steps.iter().chain(requires) {
                    match self.certification_lists.get(&r.certifications) {
                        Some(list) => certs.extend(list.iter().map(|c| EligibleCertification {
                            metric,
                            certification: c.clone(),
                            step: r.step.clone(),
                        })),
                        None => p.push(format!(
                            "{at}: unknown certification list {}",
                            r.certifications
                        )),
                    }
                }
            }
            MetricRule::SeatBandNetAdds {
                workloads: w,
                full_at,
                ..
            } => {
                set(w, p);
                positive("full_at", *full_at, p);
            }
            MetricRule::ActiveUserGrowth {
                workloads: w,
                options,
                ..
            }
            | MetricRule::ActiveSeatDeployments {
                workloads: w,
                options,
                ..
            } => {
                set(w, p);
                if options.is_empty() {
                    p.push(format!("{at}: needs at least one option"));
                }
                for o in options {
                    positive("full_at", o.full_at, p);
                }
            }
            MetricRule::RevenueNetAdds {
                rate_card, full_at, ..
            } => {
                if !self.rate_cards.contains_key(rate_card) {
                    p.push(format!("{at}: unknown rate card {rate_card}"));
                }
                self.rate_card_workloads(rate_card, true, workloads);
                positive("full_at", *full_at, p);
            }
            MetricRule::McvGrowth {
                rate_card,
                min_baseline_mcv,
                points_per_percent,
            } => {
                if !self.rate_cards.contains_key(rate_card) {
                    p.push(format!("{at}: unknown rate card {rate_card}"));
                }
                self.rate_card_workloads(rate_card, false, workloads);
                positive("min_baseline_mcv", *min_baseline_mcv, p);
                positive("points_per_percent", *points_per_percent, p);
            }
            MetricRule::McvNetDeployments {
                rate_card, full_at, ..
            } => {
                if !self.rate_cards.contains_key(rate_card) {
                    p.push(format!("{at}: unknown rate card {rate_card}"));
                }
                self.rate_card_workloads(rate_card, false, workloads);
                positive("full_at", *full_at, p);
            }
            MetricRule::AcrNetAdds {
                workloads: w,
                months,
                full_at,
                ..
            } => {
                set(w, p);
                positive("full_at", *full_at, p);
                if *months < 1 {
                    p.push(format!("{at}: months must be at least 1"));
                }
            }
            MetricRule::AcrTrailingGrowth {
                workloads: w,
                min_baseline_acr_usd,
                points_per_percent,
                ..
            } => {
                set(w, p);
                positive("min_baseline_acr_usd", *min_baseline_acr_usd, p);
                positive("points_per_percent", *points_per_percent, p);
            }
            MetricRule::AcrServices {
                workloads: w,
                full_at,
                ..
            } => {
                set(w, p);
                positive("full_at", *full_at, p);
            }
        }
    }
}
