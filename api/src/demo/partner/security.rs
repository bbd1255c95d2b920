//! Security: Microsoft 365 security customers with paid seats and protected users, Azure security
//! customers through PAL, and professionals with the MS-500, AZ-500 and SC exams.

use super::{AcrUsage, Kind, PartnerGen, Ramp, SeatUsage, Size};
use crate::demo::catalogue::{AZURE_SECURITY, SECURITY_EXTRA, SECURITY_M365, SECURITY_SC};
use crate::demo::plan::Strength;
use crate::domain::AssociationType;

impl PartnerGen<'_> {
    pub(super) fn security(&mut self, s: Strength, budget: u32) -> anyhow::Result<()> {
        let r = &mut self.rng;
        let (new, churned, azure, extra_established) = match s {
            Strength::Strong => (r.count(8, 11), r.count(0, 1), r.count(1, 2), r.count(0, 2)),
            Strength::Medium => (r.count(3, 4), r.count(0, 1), r.count(0, 1), r.count(0, 1)),
            Strength::Weak => (r.count(0, 1), r.count(0, 1), u32::from(r.chance(0.3)), 0),
        };
        for _ in 0..budget + extra_established {
            self.security_tenant(Kind::Established, s)?;
        }
        for _ in 0..churned {
            self.security_tenant(Kind::Churned, s)?;
        }
        for _ in 0..new {
            self.security_tenant(Kind::New, s)?;
        }
        for _ in 0..azure {
            self.security_azure_tenant(s)?;
        }
        self.security_professionals(s)
    }

    fn security_tenant(&mut self, kind: Kind, s: Strength) -> anyhow::Result<()> {
        let customer = self.customer();
        let tenant = customer.tenant.clone();
        let life = self.life(kind, 0.3);
        let r = &mut self.rng;
        let n = if s == Strength::Weak {
            r.range(1, 2)
        } else {
            r.range(1, 3)
        } as usize;
        let workloads = r.sample(SECURITY_M365, n);
        let (seats, growth) = match (kind, s) {
            (Kind::New, Strength::Strong | Strength::Medium) => {
                (r.skewed(40.0, 900.0), r.float(0.0, 0.02))
            }
            (_, Strength::Weak) => (r.skewed(8.0, 400.0), r.float(-0.01, 0.01)),
            _ => (r.skewed(20.0, 1500.0), r.float(0.0, 0.012)),
        };
        let protected = match (kind, s) {
            (Kind::New, Strength::Strong) => Ramp {
                at: life.start,
                months: r.range(2, 5) as i32,
                from: r.float(0.0, 0.08),
                to: r.float(0.22, 0.65),
            },
            (Kind::New, Strength::Medium) => Ramp {
                at: life.start,
                months: r.range(2, 6) as i32,
                from: r.float(0.0, 0.08),
                to: r.float(0.12, 0.4),
            },
            (_, Strength::Weak) => Ramp::flat(r.float(0.02, 0.16)),
            _ => {
                let f = r.float(0.08, 0.35);
                Ramp {
                    at: 0,
                    months: self.w.n,
                    from: f,
                    to: f + r.float(0.0, 0.1),
                }
            }
        };
        let active = Ramp::flat(r.float(0.4, 0.8));
        let ty = if s == Strength::Weak && r.chance(0.1) {
            AssociationType::CspT1
        } else {
            AssociationType::Cpor
        };
        let workload = r.chance(0.25).then(|| workloads.first().copied()).flatten();
        self.claim(&tenant, ty, workload, &life)?;
        let usage = SeatUsage {
            workloads,
            from: life.from,
            until: life.until,
            seats,
            growth,
            lo: 1.0,
            hi: 1_000_000.0,
            protected,
            active,
        };
        let seats = self.emit_seats(&tenant, &usage)?;
        self.write_customer(customer, Size::seats(seats))?;
        self.maybe_shared_azure(&tenant)
    }

    /// A customer buying Azure security services through the partner's PAL (Security's Azure part).
    fn security_azure_tenant(&mut self, s: Strength) -> anyhow::Result<()> {
        let customer = self.customer();
        let tenant = customer.tenant.clone();
        let kind = if s == Strength::Weak {
            Kind::Established
        } else {
            Kind::New
        };
        let life = self.life(kind, 0.5);
        let r = &mut self.rng;
        let n = r.range(1, 2) as usize;
        let (lo, hi) = match s {
            Strength::Strong => (150.0, 1500.0),
            Strength::Medium => (60.0, 600.0),
            Strength::Weak => (20.0, 200.0),
        };
        let services = r
            .sample(AZURE_SECURITY, n)
            .into_iter()
            .map(|x| (x, r.float(lo, hi)))
            .collect();
        let growth = r.float(0.0, 0.03);
        self.claim(&tenant, AssociationType::Pal, None, &life)?;
        let usage = AcrUsage {
            services,
            from: life.from,
            until: life.until,
            growth,
        };
        let acr = self.emit_acr(&tenant, &usage)?;
        self.write_customer(customer, Size::acr(acr))
    }

    fn security_professionals(&mut self, s: Strength) -> anyhow::Result<()> {
        let r = &mut self.rng;
        let (qualified, near_miss) = match s {
            Strength::Strong => (r.count(6, 8), r.count(0, 2)),
            Strength::Medium => (r.count(2, 4), 1),
            Strength::Weak => (r.count(0, 1), r.count(0, 2)),
        };
        for _ in 0..qualified {
            // Counted under every shipped rule set: 2023-07's MS-500, AZ-500 and an SC exam, and
            // 2023-12's steps (AZ-500; SC-200 or MS-500; SC-100, SC-300 or SC-400).
            let mut certs = vec![
                ("MS-500", true),
                ("AZ-500", true),
                ("SC-200", true),
                (self.rng.pick(SECURITY_SC), true),
            ];
            if self.rng.chance(0.3) {
                let extra = self.rng.pick(SECURITY_EXTRA);
                if !certs.iter().any(|(c, _)| *c == extra) {
                    certs.push((extra, true));
                }
            }
            self.professional(&certs, true)?;
        }
        for _ in 0..near_miss {
            // Almost qualified: no SC exam, no MS-500, or an expired AZ-500.
            let certs: Vec<(&str, bool)> = match self.rng.below(3) {
                0 => vec![("MS-500", true), ("AZ-500", true)],
                1 => vec![("AZ-500", true), (self.rng.pick(SECURITY_SC), true)],
                _ => vec![("MS-500", true), ("AZ-500", false), ("SC-200", true)],
            };
            self.professional(&certs, true)?;
        }
        Ok(())
    }
}
