//! Business Applications: customers with Dynamics 365 and Power Platform revenue and active users (or
//! Customer Insights profiles), and professionals with the Business Applications certifications.

use super::{BizItem, BizUsage, Kind, Life, PartnerGen, Size};
use crate::demo::catalogue::{BA_ADVANCED, BA_INTERMEDIATE, BIZ_EXTRA, BIZ_MAIN, BizGroup};
use crate::demo::plan::{Strength, Tier};
use crate::domain::AssociationType;

impl PartnerGen<'_> {
    pub(super) fn business_apps(&mut self, s: Strength, budget: u32) -> anyhow::Result<()> {
        let enterprise = s == Strength::Strong && self.profile.tier == Tier::Large;
        let cap = if enterprise { 1e9 } else { 4_900.0 };
        let r = &mut self.rng;
        let (established, new) = match (s, enterprise) {
            (Strength::Strong, true) => (r.count(6, 8), r.count(6, 8)),
            (Strength::Strong, false) => (r.count(0, 1), r.count(5, 6)),
            (Strength::Medium, _) => (r.count(1, 2), r.count(1, 3)),
            (Strength::Weak, _) => (1, 0),
        };
        if s == Strength::Strong && !enterprise {
            // The base that makes usage growth count (MCV at the baseline of at least 25,000).
            self.business_apps_anchor(cap)?;
        }
        for _ in 0..established {
            self.business_apps_tenant(Kind::Established, s, enterprise, cap)?;
        }
        for _ in 0..budget {
            self.business_apps_tenant(Kind::Established, Strength::Weak, false, cap)?;
        }
        if s != Strength::Strong && self.rng.chance(0.3) {
            self.business_apps_tenant(Kind::Churned, Strength::Weak, false, cap)?;
        }
        for _ in 0..new {
            self.business_apps_tenant(Kind::New, s, enterprise, cap)?;
        }
        self.business_apps_professionals(s, enterprise)
    }

    /// A long-standing Business Central customer with 26-40 monthly active users (MCV 26,000-40,000).
    fn business_apps_anchor(&mut self, cap: f64) -> anyhow::Result<()> {
        let customer = self.customer();
        let tenant = customer.tenant.clone();
        let life = Life::established(self.w, &mut self.rng);
        let ty = self.rng.pick_or(
            &[AssociationType::Dpor, AssociationType::CspT1],
            AssociationType::Cpor,
        );
        self.claim(&tenant, ty, None, &life)?;
        let units = self.rng.float(26.0, 40.0);
        let usage = BizUsage {
            items: vec![BizItem {
                biz: BIZ_MAIN[0],
                revenue: units * self.rng.float(70.0, 120.0),
                units,
            }],
            from: life.from,
            until: life.until,
            growth: self.rng.float(0.0, 0.01),
            revenue_cap: cap,
        };
        let revenue = self.emit_biz(&tenant, &usage)?;
        self.write_customer(customer, Size::revenue(revenue))
    }

    fn business_apps_tenant(
        &mut self,
        kind: Kind,
        s: Strength,
        enterprise: bool,
        cap: f64,
    ) -> anyhow::Result<()> {
        let customer = self.customer();
        let tenant = customer.tenant.clone();
        let life = self.life(kind, 0.2);
        let r = &mut self.rng;
        let weights = [
            5.0, 4.0, 3.0, 1.5, 2.0, 1.5, 1.0, 1.0, 1.0, 3.0, 2.0, 3.0, 1.0, 1.0,
        ];
        let main = BIZ_MAIN
            .get(r.weighted(&weights))
            .copied()
            .unwrap_or(BIZ_MAIN[0]);
        // Units so that the main workload's MCV clears the deployment threshold at the as-of month.
        let (mcv, revenue) = match (kind, s, enterprise) {
            (Kind::New, Strength::Strong, true) => {
                (r.float(12_000.0, 30_000.0), r.float(1_700.0, 6_000.0))
            }
            (_, Strength::Strong, true) => {
                (r.float(11_000.0, 25_000.0), r.float(6_000.0, 15_000.0))
            }
            (Kind::New, Strength::Strong, false) => {
                (r.float(6_000.0, 15_000.0), r.float(300.0, 4_500.0))
            }
            (_, Strength::Strong, false) => (r.float(3_000.0, 12_000.0), r.float(300.0, 3_000.0)),
            (_, Strength::Medium, _) => (r.float(2_000.0, 9_000.0), r.float(150.0, 2_500.0)),
            (_, Strength::Weak, _) => (r.float(300.0, 4_000.0), r.float(40.0, 700.0)),
        };
        let units = if main.rate > 0.0 {
            mcv / main.rate
        } else {
            0.0
        };
        let mut items = vec![BizItem {
            biz: main,
            revenue,
            units: units.max(1.0),
        }];
        if r.chance(0.3) {
            let extra = r.pick_or(BIZ_EXTRA, main);
            if extra.code != main.code {
                let units = if extra.rate > 0.0 {
                    r.float(1.0, 3_000.0) / extra.rate
                } else {
                    0.0
                };
                items.push(BizItem {
                    biz: extra,
                    revenue: r.float(40.0, 800.0),
                    units: units.max(1.0),
                });
            }
        }
        let growth = match s {
            Strength::Strong => r.float(0.0, 0.015),
            Strength::Medium => r.float(-0.005, 0.01),
            Strength::Weak => r.float(-0.015, 0.005),
        };
        let d365 = match r.weighted(&[40.0, 25.0, 20.0, 15.0]) {
            0 => AssociationType::Cpor,
            1 => AssociationType::Dpor,
            2 => AssociationType::CspT1,
            _ => AssociationType::CspT2,
        };
        if main.group == BizGroup::PowerPlatform {
            // Power Platform usage counts through PAL; its revenue reaches net customer adds through a
            // CPOR, DPOR or CSP association.
            self.claim(&tenant, AssociationType::Pal, None, &life)?;
            let ty = self.rng.pick_or(
                &[
                    AssociationType::CspT1,
                    AssociationType::CspT2,
                    AssociationType::Cpor,
                ],
                AssociationType::CspT1,
            );
            self.claim(&tenant, ty, None, &life)?;
        } else {
            let specific = d365 == AssociationType::Cpor && self.rng.chance(0.3);
            let workload = specific.then_some(main.code);
            self.claim(&tenant, d365, workload, &life)?;
        }
        let usage = BizUsage {
            items,
            from: life.from,
            until: life.until,
            growth,
            revenue_cap: cap,
        };
        let revenue = self.emit_biz(&tenant, &usage)?;
        self.write_customer(customer, Size::revenue(revenue))
    }

    fn business_apps_professionals(&mut self, s: Strength, enterprise: bool) -> anyhow::Result<()> {
        let r = &mut self.rng;
        let (intermediate, advanced, legacy) = match (s, enterprise) {
            (Strength::Strong, true) => (r.count(15, 20), r.count(5, 7), 1),
            (Strength::Strong, false) => (r.count(5, 7), r.count(2, 3), u32::from(r.chance(0.3))),
            (Strength::Medium, _) => (
                r.count(2, 3),
                u32::from(r.chance(0.3)),
                u32::from(r.chance(0.2)),
            ),
            (Strength::Weak, _) => (u32::from(r.chance(0.5)), 0, 0),
        };
        for _ in 0..intermediate {
            let n = self.rng.range(1, 3) as usize;
            let certs: Vec<(&str, bool)> = self
                .rng
                .sample(BA_INTERMEDIATE, n)
                .into_iter()
                .map(|c| (c, true))
                .collect();
            self.professional(&certs, true)?;
        }
        for _ in 0..advanced {
            let certs = vec![
                (self.rng.pick(BA_ADVANCED), true),
                (self.rng.pick(BA_INTERMEDIATE), true),
            ];
            self.professional(&certs, true)?;
        }
        for _ in 0..legacy {
            // MB-600 retired in 2021 and no longer counts.
            self.professional(&[("MB-600", true), ("PL-200", false)], true)?;
        }
        Ok(())
    }
}
