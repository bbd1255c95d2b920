//! Modern Work: SMB and Enterprise customers with paid seats and active users in the track bands,
//! and professionals with the Modern Work certifications.

use super::{Kind, PartnerGen, Ramp, SeatUsage, Size};
use crate::demo::catalogue::{MODERN_WORK, MODERN_WORK_CORE, MW_ADVANCED, MW_INTERMEDIATE};
use crate::demo::plan::{Strength, Tier};
use crate::domain::AssociationType;

impl PartnerGen<'_> {
    pub(super) fn modern_work(&mut self, s: Strength, budget: u32) -> anyhow::Result<()> {
        let large = self.profile.tier == Tier::Large;
        let r = &mut self.rng;
        let (smb_new, ent_new, churned, extra) = match s {
            Strength::Strong => (
                r.count(7, 10),
                if large { r.count(5, 6) } else { 0 },
                r.count(0, 1),
                r.count(0, 2),
            ),
            Strength::Medium => (r.count(2, 3), 0, r.count(0, 1), r.count(0, 1)),
            Strength::Weak => (r.count(0, 1), 0, r.count(0, 1), 0),
        };
        for _ in 0..budget + extra {
            let ent = self.rng.chance(if large { 0.3 } else { 0.08 });
            self.modern_work_tenant(Kind::Established, s, ent, false)?;
        }
        for _ in 0..churned {
            self.modern_work_tenant(Kind::Churned, s, false, false)?;
        }
        for i in 0..smb_new {
            // Enough CPOR tenants for the CPOR option's deployments (full at 5) and usage growth.
            self.modern_work_tenant(Kind::New, s, false, s == Strength::Strong && i < 5)?;
        }
        for i in 0..ent_new {
            self.modern_work_tenant(Kind::New, s, true, i < 5)?;
        }
        self.modern_work_professionals(s, large)
    }

    fn modern_work_tenant(
        &mut self,
        kind: Kind,
        s: Strength,
        enterprise: bool,
        force_cpor: bool,
    ) -> anyhow::Result<()> {
        let customer = self.customer();
        let tenant = customer.tenant.clone();
        let pre = if s == Strength::Strong { 0.0 } else { 0.3 };
        let life = self.life(kind, pre);
        let r = &mut self.rng;
        let (seats, lo, hi) = if enterprise {
            (r.skewed(320.0, 6000.0), 301.0, 1_000_000.0)
        } else if s == Strength::Weak && r.chance(0.15) {
            (r.float(3.0, 12.0), 1.0, 300.0)
        } else {
            (r.skewed(15.0, 280.0), 11.0, 300.0)
        };
        let extra = match s {
            Strength::Weak => r.range(0, 1),
            _ => r.range(0, 2),
        } as usize;
        let mut workloads = vec![r.pick(MODERN_WORK_CORE)];
        for w in r.sample(MODERN_WORK, extra + 1) {
            if workloads.len() <= extra && !workloads.contains(&w) {
                workloads.push(w);
            }
        }
        let active = match (kind, s) {
            (Kind::New, Strength::Strong) => Ramp {
                at: life.start,
                months: r.range(2, 5) as i32,
                from: r.float(0.05, 0.22),
                to: r.float(0.55, 0.85),
            },
            (Kind::New, Strength::Medium) => Ramp {
                at: life.start,
                months: r.range(2, 6) as i32,
                from: r.float(0.05, 0.25),
                to: r.float(0.3, 0.6),
            },
            (_, Strength::Weak) => Ramp::flat(r.float(0.15, 0.5)),
            _ => {
                let f = r.float(0.3, 0.75);
                Ramp {
                    at: 0,
                    months: self.w.n,
                    from: f,
                    to: (f + r.float(0.0, 0.08)).min(0.95),
                }
            }
        };
        let ty = if force_cpor {
            AssociationType::Cpor
        } else if enterprise {
            if r.chance(0.6) {
                AssociationType::Cpor
            } else {
                AssociationType::Dpor
            }
        } else {
            match r.weighted(&[55.0, 25.0, 20.0]) {
                0 => AssociationType::Cpor,
                1 => AssociationType::CspT1,
                _ => AssociationType::CspT2,
            }
        };
        let workload = r.chance(0.15).then(|| workloads.first().copied()).flatten();
        let growth = r.float(-0.003, 0.012);
        let protected = Ramp::flat(r.float(0.15, 0.5));
        self.claim(&tenant, ty, workload, &life)?;
        // A customer released and claimed again later: the claim counts from the new start.
        if kind == Kind::Churned && ty == AssociationType::Cpor && self.rng.chance(0.2) {
            let k = self.w.m.min(self.w.after_baseline(&mut self.rng) + 2);
            let again = self.w.date_in(k, &mut self.rng);
            if life.end.is_some_and(|e| again > e) {
                let partner = self.partner_id.clone();
                self.associate(&partner, &tenant, ty, workload, again, None)?;
            }
        }
        let usage = SeatUsage {
            workloads,
            from: life.from,
            until: life.until,
            seats,
            growth,
            lo,
            hi,
            protected,
            active,
        };
        let seats = self.emit_seats(&tenant, &usage)?;
        self.write_customer(customer, Size::seats(seats))?;
        self.maybe_shared_azure(&tenant)
    }

    fn modern_work_professionals(&mut self, s: Strength, large: bool) -> anyhow::Result<()> {
        let r = &mut self.rng;
        let (intermediate, advanced) = match (s, large) {
            (Strength::Strong, true) => (r.count(4, 6), r.count(2, 3)),
            (Strength::Strong, false) => (r.count(2, 4), r.count(1, 2)),
            (Strength::Medium, _) => (r.count(1, 2), u32::from(r.chance(0.4))),
            (Strength::Weak, _) => (u32::from(r.chance(0.5)), 0),
        };
        for _ in 0..intermediate {
            let n = self.rng.range(1, 2) as usize;
            let certs: Vec<(&str, bool)> = self
                .rng
                .sample(MW_INTERMEDIATE, n)
                .into_iter()
                .map(|c| (c, true))
                .collect();
            self.professional(&certs, true)?;
        }
        for _ in 0..advanced {
            let mut certs = vec![(self.rng.pick(MW_ADVANCED), true)];
            if self.rng.chance(0.5) {
                certs.push((self.rng.pick(MW_INTERMEDIATE), true));
            }
            self.professional(&certs, true)?;
        }
        Ok(())
    }
}
