//! Azure: customers with consumed revenue in the services of Data & AI, Digital & App Innovation and
//! Infrastructure, and professionals skilled for one or more of the three Azure designations.

use super::{AcrUsage, Kind, PartnerGen, Size};
use crate::demo::catalogue::{
    AZURE_APPS, AZURE_DATA, AZURE_INFRA, AZURE_NOT_DEPLOYMENT, DAI_ADVANCED_FINAL,
    DAI_INTERMEDIATE_FINAL, DATA_AI_FINAL, INFRA_ADVANCED_FINAL, INFRA_INTERMEDIATE_FINAL,
    counts_at,
};
use crate::demo::plan::Strength;
use crate::domain::AssociationType;

impl PartnerGen<'_> {
    pub(super) fn azure(&mut self, s: Strength, budget: u32) -> anyhow::Result<()> {
        let skilling = self.profile.azure_skilling;
        // The partner's service portfolio follows its skills: data, apps or infrastructure.
        let mut pool: Vec<&'static str> = Vec::new();
        for (i, list) in [AZURE_DATA, AZURE_APPS, AZURE_INFRA]
            .into_iter()
            .enumerate()
        {
            if skilling[i] != Strength::Weak || (pool.is_empty() && i == 2) {
                pool.extend_from_slice(list);
            }
        }
        let r = &mut self.rng;
        let size = r.range(6, 8) as usize;
        let portfolio = r.sample(&pool, size);
        let (established, new, churned) = match s {
            Strength::Strong => (r.count(1, 3), r.count(3, 5), 0),
            Strength::Medium => (r.count(1, 2), r.count(1, 2), r.count(0, 1)),
            Strength::Weak => (r.count(0, 1), 0, r.count(0, 1)),
        };
        let mut slot = 0;
        for _ in 0..established {
            self.azure_tenant(Kind::Established, s, &portfolio, &mut slot)?;
        }
        for _ in 0..budget {
            self.azure_tenant(Kind::Established, Strength::Weak, &portfolio, &mut slot)?;
        }
        for _ in 0..churned {
            self.azure_tenant(Kind::Churned, Strength::Weak, &portfolio, &mut slot)?;
        }
        for _ in 0..new {
            self.azure_tenant(Kind::New, s, &portfolio, &mut slot)?;
        }
        self.azure_professionals(s, skilling)
    }

    fn azure_tenant(
        &mut self,
        kind: Kind,
        s: Strength,
        portfolio: &[&'static str],
        slot: &mut usize,
    ) -> anyhow::Result<()> {
        let customer = self.customer();
        let tenant = customer.tenant.clone();
        let life = self.life(kind, 0.4);
        let r = &mut self.rng;
        // Consecutive slots of the portfolio, so a few customers already cover every service in it.
        let mut services: Vec<&'static str> = Vec::new();
        let len = portfolio.len().max(1);
        for _ in 0..2 {
            if let Some(x) = portfolio.get(*slot % len)
                && !services.contains(x)
            {
                services.push(x);
            }
            *slot += 1;
        }
        if r.chance(0.4) {
            let x = r.pick(portfolio);
            if !x.is_empty() && !services.contains(&x) {
                services.push(x);
            }
        }
        // Virtual machines, their licenses and other services carry ACR but are never deployments.
        for (code, p) in AZURE_NOT_DEPLOYMENT.iter().zip([0.5, 0.15, 0.1]) {
            if r.chance(p) {
                services.push(code);
            }
        }
        let (total, growth) = match (kind, s) {
            (Kind::Established, Strength::Strong) => {
                (r.float(1_500.0, 12_000.0), r.float(0.01, 0.03))
            }
            (Kind::New, Strength::Strong) => (r.float(1_300.0, 6_000.0), r.float(0.0, 0.02)),
            (Kind::Established, Strength::Medium) => {
                (r.float(300.0, 2_500.0), r.float(-0.005, 0.012))
            }
            (_, Strength::Medium) => (r.float(600.0, 2_500.0), r.float(-0.005, 0.012)),
            _ => (r.skewed(60.0, 900.0), r.float(-0.02, 0.005)),
        };
        let weights: Vec<f64> = services.iter().map(|_| r.float(0.5, 2.0)).collect();
        let sum: f64 = weights.iter().sum();
        let services = services
            .into_iter()
            .zip(weights)
            .map(|(x, w)| (x, total * w / sum))
            .collect();
        let ty = match r.weighted(&[45.0, 25.0, 15.0, 15.0]) {
            0 => AssociationType::Pal,
            1 => AssociationType::CspT1,
            2 => AssociationType::Dpor,
            _ => AssociationType::CspT2,
        };
        self.claim(&tenant, ty, None, &life)?;
        let usage = AcrUsage {
            services,
            from: life.from,
            until: life.until,
            growth,
        };
        let acr = self.emit_acr(&tenant, &usage)?;
        self.write_customer(customer, Size::acr(acr))
    }

    fn azure_professionals(&mut self, s: Strength, skilling: [Strength; 3]) -> anyhow::Result<()> {
        // Prerequisite steps: AZ-305 and AZ-104 holders (each step needs at least two people).
        let r = &mut self.rng;
        let (architects, administrators) = match s {
            Strength::Strong => (r.count(2, 3), r.count(2, 3)),
            Strength::Medium => (r.count(0, 1), r.count(1, 2)),
            Strength::Weak => (0, u32::from(r.chance(0.4))),
        };
        for _ in 0..architects {
            let mut certs = vec![("AZ-305", true)];
            if self.rng.chance(0.5) {
                certs.push(("AZ-104", true));
            }
            self.professional(&certs, true)?;
        }
        for _ in 0..administrators {
            self.professional(&[("AZ-104", true)], true)?;
        }
        let finals: [&[&[&str]]; 3] = [
            &[DATA_AI_FINAL],
            &[DAI_INTERMEDIATE_FINAL, DAI_ADVANCED_FINAL],
            &[INFRA_INTERMEDIATE_FINAL, INFRA_ADVANCED_FINAL],
        ];
        for (d, lists) in finals.into_iter().enumerate() {
            let strength = skilling.get(d).copied().unwrap_or(Strength::Weak);
            // Medium skilling fills one of a designation's two skilling metrics, so it falls short.
            let medium_list = self.rng.below(lists.len() as u64) as usize;
            for (i, list) in lists.iter().enumerate() {
                let people = match (strength, d) {
                    (Strength::Strong, 0) => self.rng.count(6, 9),
                    (Strength::Strong, _) => self.rng.count(3, 5),
                    (Strength::Medium, _) if i == medium_list => self.rng.count(1, 2),
                    (Strength::Medium, _) => 0,
                    (Strength::Weak, _) => u32::from(s != Strength::Weak && self.rng.chance(0.3)),
                };
                for _ in 0..people {
                    // Only codes that still count at the as-of month (AZ-220 and AZ-600 stop after
                    // 2024-07-31).
                    let usable: Vec<&str> = list
                        .iter()
                        .copied()
                        .filter(|c| counts_at(c, self.w.as_of_end))
                        .collect();
                    let code = self.rng.pick(&usable);
                    self.professional(&[(code, true)], true)?;
                }
            }
        }
        Ok(())
    }
}
