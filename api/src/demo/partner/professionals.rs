//! Professionals: staff with assorted certifications, and the people each area counts on, with their
//! certification dates (valid, expired, retired) and association periods (joined, moved, left).

use chrono::NaiveDate;

use super::{PartnerGen, plus_days};
use crate::demo::catalogue::{ALL_CERTIFICATIONS, NEVER_EXPIRE, retired_on};
use crate::demo::ids::{partner_id, professional_id};
use crate::demo::names;
use crate::demo::plan::Tier;

impl PartnerGen<'_> {
    /// Staff with assorted certifications, some expired; some have left the partner.
    pub(super) fn staff(&mut self) -> anyhow::Result<()> {
        let r = &mut self.rng;
        let n = match self.profile.tier {
            Tier::Small => r.count(0, 2),
            Tier::Mid => r.count(1, 5),
            Tier::Large => r.count(8, 25),
        };
        for _ in 0..n {
            let k = self.rng.range(1, 2) as usize;
            let certs: Vec<(&str, bool)> = self
                .rng
                .sample(ALL_CERTIFICATIONS, k)
                .into_iter()
                .map(|c| (c, self.rng.chance(0.75)))
                .collect();
            self.professional(&certs, false)?;
        }
        Ok(())
    }

    /// Writes one professional with certifications `(code, valid at the as-of month)` and association
    /// periods. A `core` professional is active at the as-of month (perhaps after moving from another
    /// partner, or after a break); others may have left.
    pub(super) fn professional(
        &mut self,
        certs: &[(&'static str, bool)],
        core: bool,
    ) -> anyhow::Result<()> {
        let id = professional_id(self.plan.seed, self.index, self.next_pro);
        self.next_pro += 1;
        let (first, last) = names::person_name(&mut self.rng);
        let email = if self.rng.chance(0.9) {
            let local = format!("{}.{}", names::ascii_slug(first), names::ascii_slug(last));
            format!(
                "{}{}@{}",
                local.trim_matches('.'),
                self.next_pro,
                self.domain
            )
        } else {
            String::new()
        };
        let name = format!("{first} {last}");
        self.out.professionals.row(&[&id, &name, &email])?;

        let end = self.w.as_of_end;
        let mut seen: Vec<&str> = Vec::with_capacity(certs.len());
        for (code, valid) in certs {
            if seen.contains(code) {
                continue;
            }
            seen.push(code);
            let (earned, expires) = self.certification_dates(code, *valid, end);
            self.out.certifications.row(&[
                &id,
                code,
                &earned.to_string(),
                &expires.map(|d| d.to_string()).unwrap_or_default(),
            ])?;
        }

        let me = self.partner_id.clone();
        let roll = self.rng.unit();
        let previous = (self.plan.partners > 1).then(|| {
            partner_id(
                self.plan.seed,
                (self.index + self.plan.partners - 1) % self.plan.partners,
            )
        });
        match previous {
            // Moved here from another partner: the old association is removed the day the new one starts.
            Some(prev) if roll < 0.04 => {
                let moved = plus_days(end, -self.rng.range(20, 400));
                let joined = plus_days(moved, -self.rng.range(150, 1000));
                self.pro_association(&id, &prev, joined, Some(moved))?;
                self.pro_association(&id, &me, moved, None)
            }
            // Left and came back.
            _ if roll < 0.07 => {
                let first = plus_days(end, -self.rng.range(700, 1500));
                let left = plus_days(first, self.rng.range(60, 300));
                let back = plus_days(left, self.rng.range(30, 200));
                self.pro_association(&id, &me, first, Some(left))?;
                self.pro_association(&id, &me, back, None)
            }
            // Left for good (never for a professional the profile counts on).
            _ if !core && roll < 0.2 => {
                let joined = plus_days(end, -self.rng.range(200, 1500));
                let span = (end - joined).num_days().max(2);
                let left = plus_days(joined, self.rng.range(1, span));
                self.pro_association(&id, &me, joined, Some(left))
            }
            _ => {
                let joined = plus_days(end, -self.rng.range(30, 1500));
                self.pro_association(&id, &me, joined, None)
            }
        }
    }

    fn certification_dates(
        &mut self,
        code: &str,
        valid: bool,
        end: NaiveDate,
    ) -> (NaiveDate, Option<NaiveDate>) {
        if let Some(retired) = retired_on(code) {
            // Earned before retirement; whether it still counts is the retirement rule's business.
            let latest = plus_days(end, -self.rng.range(20, 400)).min(plus_days(retired, -1));
            return (plus_days(latest, -self.rng.range(0, 700)), None);
        }
        if NEVER_EXPIRE.contains(&code) {
            return (plus_days(end, -self.rng.range(20, 1400)), None);
        }
        if valid {
            let earned = plus_days(end, -self.rng.range(20, 1100));
            (earned, Some(plus_days(end, self.rng.range(15, 365))))
        } else {
            let expired = plus_days(end, -self.rng.range(15, 500));
            (plus_days(expired, -365), Some(expired))
        }
    }

    fn pro_association(
        &mut self,
        professional: &str,
        partner: &str,
        from: NaiveDate,
        removed: Option<NaiveDate>,
    ) -> anyhow::Result<()> {
        self.out.pro_associations.row(&[
            professional,
            partner,
            &from.to_string(),
            &removed.map(|d| d.to_string()).unwrap_or_default(),
        ])
    }
}
