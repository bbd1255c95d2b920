//! What the generator is asked for and what it designs: the [`Plan`] (seed, partners, months,
//! customers per partner) and each partner's [`Profile`] (size, strength per designation area,
//! budget of established customers), drawn from the partner's own random stream.

use super::rng::Rng;
use crate::domain::{DesignationCode, Month};

/// Most partners a plan may ask for: PartnerIDs, professional ids and TPIDs stay unique below it.
pub const MAX_PARTNERS: usize = 200_000;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Seed of every random draw.
    pub seed: u64,
    /// Number of partners.
    pub partners: usize,
    /// Months of usage, ending at `as_of`.
    pub months: u32,
    /// The last month of usage (the month scores are meant to be computed as of).
    pub as_of: Month,
    /// Average customers per partner (approximately; strong profiles need a minimum).
    pub customers_per_partner: f64,
}

impl Plan {
    /// Checks the plan's bounds.
    pub fn validate(&self) -> anyhow::Result<()> {
        if self.partners > MAX_PARTNERS {
            anyhow::bail!(
                "--partners must be at most {MAX_PARTNERS}, got {}",
                self.partners
            );
        }
        if !(1..=120).contains(&self.months) {
            anyhow::bail!("--months must be between 1 and 120, got {}", self.months);
        }
        if !(self.customers_per_partner.is_finite()
            && (0.5..=1000.0).contains(&self.customers_per_partner))
        {
            anyhow::bail!(
                "--customers-per-partner must be between 0.5 and 1000, got {}",
                self.customers_per_partner
            );
        }
        if self.as_of.minus(self.months as i32 - 1).year() < 2000 {
            anyhow::bail!("--as-of and --months reach before the year 2000");
        }
        Ok(())
    }

    /// The first month of usage.
    pub fn first_month(&self) -> Month {
        self.as_of.minus(self.months as i32 - 1)
    }
}

/// How strong a partner is designed to be in one area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strength {
    /// A few established customers, flat usage, few professionals.
    Weak,
    /// Some new customers and professionals; falls short of 70 points.
    Medium,
    /// Designed to meet requirements (70 points, every metric at least 1).
    Strong,
}

/// A partner's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tier {
    /// A handful of customers.
    Small,
    /// Tens of customers.
    Mid,
    /// Hundreds of customers.
    Large,
}

/// The areas a profile has a strength in (the three Azure designations share one customer base).
const AREAS: usize = 4;
/// Security's place in [`Profile::areas`].
pub(super) const SECURITY: usize = 0;
/// Modern Work's place in [`Profile::areas`].
pub(super) const MODERN_WORK_AREA: usize = 1;
/// Business Applications' place in [`Profile::areas`].
pub(super) const BUSINESS_APPS: usize = 2;
/// Azure's place in [`Profile::areas`].
pub(super) const AZURE: usize = 3;

/// A partner's designed profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Size.
    pub tier: Tier,
    /// Strength per area (Security, Modern Work, Business Applications, Azure); `None` = not active.
    pub areas: [Option<Strength>; AREAS],
    /// Skilling strength per Azure designation: Data & AI, Digital & App Innovation, Infrastructure.
    pub azure_skilling: [Strength; 3],
    /// Extra established customers per area.
    pub budget: [u32; AREAS],
    /// Whether Security can be met at the as-of month at all under the rule set in force then: rule
    /// set 2023-07 requires MS-500 of every professional, and MS-500 retired on 2023-06-30 and counts
    /// through 2024-06-30 only (2023-12 accepts SC-200 instead).
    pub security_possible: bool,
}

impl Profile {
    /// Makes the profile strong in every area and in the skilling of every Azure designation, so it is
    /// designed to meet all six designations (the Microsoft Cloud badge, when Security is possible).
    pub(super) fn strong_everywhere(&mut self) {
        self.areas = [Some(Strength::Strong); AREAS];
        self.azure_skilling = [Strength::Strong; 3];
    }

    /// The designations this profile is designed to meet requirements in at the as-of month.
    pub fn designed_to_meet(&self) -> Vec<DesignationCode> {
        let strong = |a: usize| self.areas[a] == Some(Strength::Strong);
        let mut out = Vec::new();
        if strong(BUSINESS_APPS) {
            out.push(DesignationCode::BusinessApplications);
        }
        if strong(AZURE) {
            let codes = [
                DesignationCode::DataAiAzure,
                DesignationCode::DigitalAppInnovationAzure,
                DesignationCode::InfrastructureAzure,
            ];
            for (code, s) in codes.into_iter().zip(self.azure_skilling) {
                if s == Strength::Strong {
                    out.push(code);
                }
            }
        }
        if strong(MODERN_WORK_AREA) {
            out.push(DesignationCode::ModernWork);
        }
        if strong(SECURITY) && self.security_possible {
            out.push(DesignationCode::Security);
        }
        out
    }
}

/// Established customers per partner come from the size tiers times this factor, calibrated (by generating
/// 4,000 partners at two factors) so that the average number of customers per partner is close to
/// `customers_per_partner`. The profiles alone bring about 4.75 customers per partner whatever the factor,
/// so asking for fewer gives about that many.
pub(super) fn budget_scale(customers_per_partner: f64) -> f64 {
    const FROM_PROFILES: f64 = 4.75;
    const FROM_BUDGET_AT_1: f64 = 5.28;
    ((customers_per_partner - FROM_PROFILES) / FROM_BUDGET_AT_1).max(0.05)
}

/// Draws a partner's size, strengths and customer budget.
pub(super) fn draw_profile(rng: &mut Rng, scale: f64) -> Profile {
    let tier = match rng.weighted(&[87.5, 12.0, 0.5]) {
        0 => Tier::Small,
        1 => Tier::Mid,
        _ => Tier::Large,
    };
    let mut active = [false; AREAS];
    match tier {
        Tier::Large => active = [true; AREAS],
        Tier::Mid => {
            for a in &mut active {
                *a = rng.chance(0.55);
            }
            if !active.iter().any(|a| *a) {
                active[rng.below(AREAS as u64) as usize] = true;
            }
        }
        Tier::Small => {
            // Small partners specialise: Azure and Modern Work shops are the most common.
            let first = rng.weighted(&[2.0, 3.0, 2.0, 3.0]);
            active[first] = true;
            if rng.chance(0.25) {
                active[rng.below(AREAS as u64) as usize] = true;
            }
        }
    }
    let mut areas = [None; AREAS];
    for (a, slot) in areas.iter_mut().enumerate() {
        if !active[a] {
            continue;
        }
        // Strong / medium / weak odds per tier; Azure needs the fewest customers to be strong.
        let odds = match (tier, a) {
            (Tier::Large, _) => [0.1, 0.3, 0.6],
            (Tier::Mid, _) => [0.25, 0.3, 0.45],
            (Tier::Small, AZURE) => [0.55, 0.25, 0.2],
            (Tier::Small, _) => [0.6, 0.25, 0.15],
        };
        *slot = Some(match rng.weighted(&odds) {
            0 => Strength::Weak,
            1 => Strength::Medium,
            _ => Strength::Strong,
        });
    }
    // A strong Azure partner is strong in the skilling of one or two of the three Azure designations.
    let mut azure_skilling = [Strength::Weak; 3];
    match areas[AZURE] {
        Some(Strength::Strong) => {
            let first = rng.below(3) as usize;
            azure_skilling[first] = Strength::Strong;
            if rng.chance(0.35) {
                azure_skilling[(first + 1 + rng.below(2) as usize) % 3] = Strength::Strong;
            }
            for s in &mut azure_skilling {
                if *s == Strength::Weak && rng.chance(0.5) {
                    *s = Strength::Medium;
                }
            }
        }
        Some(Strength::Medium) => azure_skilling[rng.below(3) as usize] = Strength::Medium,
        _ => {}
    }
    let (lo, hi) = match tier {
        Tier::Small => (0.3, 2.3),
        Tier::Mid => (3.0, 10.0),
        Tier::Large => (300.0, 800.0),
    };
    let total = (rng.float(lo, hi) * scale).round().max(0.0) as u32;
    let mut budget = [0; AREAS];
    let weights: Vec<f64> = active
        .iter()
        .map(|a| if *a { rng.float(0.5, 1.5) } else { 0.0 })
        .collect();
    for _ in 0..total {
        budget[rng.weighted(&weights)] += 1;
    }
    Profile {
        tier,
        areas,
        azure_skilling,
        budget,
        security_possible: true,
    }
}
