//! The generator: partners of every size, each with a designed profile (strong, medium or weak per
//! designation area), their customers, customer associations, monthly usage and certified professionals,
//! written straight to the seven CSV files of an import folder.
//!
//! Every partner draws from its own random stream (seed, partner index), so what one partner gets never
//! depends on another, and output is byte-identical for the same plan.
//!
//! How a profile becomes points (rule set 2023-07, as of the last month M, baseline B = M - 12):
//! - **Strong** areas get customers claimed between B and M that grow into the thresholds the rules test
//!   (seats, protected or active users, ACR, revenue, MCV), enough certified professionals with valid
//!   certifications, and growth; they are designed to total 70 or more with every metric at 1 point or more.
//! - **Medium** areas get a few new customers and some professionals, and fall short (30-60 points).
//! - **Weak** areas get established customers with flat or shrinking usage and few professionals.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Days, NaiveDate};

use super::catalogue::{
    ALL_CERTIFICATIONS, AZURE_APPS, AZURE_DATA, AZURE_INFRA, AZURE_NOT_DEPLOYMENT, AZURE_SECURITY,
    BA_ADVANCED, BA_INTERMEDIATE, BIZ_EXTRA, BIZ_MAIN, Biz, BizGroup, DAI_ADVANCED_FINAL,
    DAI_INTERMEDIATE_FINAL, DATA_AI_FINAL, INFRA_ADVANCED_FINAL, INFRA_INTERMEDIATE_FINAL,
    MODERN_WORK, MODERN_WORK_CORE, MW_ADVANCED, MW_INTERMEDIATE, NEVER_EXPIRE, RETIRED,
    SECURITY_M365, SECURITY_SC,
};
use super::names;
use super::out::{Folder, UsageValues};
use super::rng::{Rng, mix};
use crate::domain::{AssociationType, DesignationCode, Month};

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
const SECURITY: usize = 0;
const MODERN_WORK_AREA: usize = 1;
const BUSINESS_APPS: usize = 2;
const AZURE: usize = 3;

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
    /// Whether Security can be met at the as-of month at all: rule set 2023-07 requires MS-500, which
    /// retired on 2023-06-30 and counts through 2024-06-30 only.
    pub security_possible: bool,
}

impl Profile {
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

/// What was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// Data rows per file, in load order.
    pub files: Vec<(&'static str, u64)>,
    /// Partners designed to meet requirements, per designation.
    pub designed: BTreeMap<DesignationCode, usize>,
    /// Partners designed to meet requirements in at least one designation.
    pub designed_partners: usize,
    /// The PartnerIDs, in order, with their profiles.
    pub profiles: Vec<(String, Profile)>,
}

/// Writes the whole data set of `plan` into `folder` (the seven files, replacing older ones).
pub fn write_folder(plan: &Plan, folder: &Path) -> anyhow::Result<Generated> {
    plan.validate()?;
    let window = Window::new(plan);
    let scale = budget_scale(plan.customers_per_partner);
    let mut out = Folder::create(folder)?;
    let mut designed = BTreeMap::new();
    let mut designed_partners = 0;
    let mut profiles = Vec::with_capacity(plan.partners);
    for index in 0..plan.partners {
        let mut rng = Rng::stream(plan.seed, index as u64);
        let mut profile = draw_profile(&mut rng, scale);
        profile.security_possible = counts_at("MS-500", window.as_of_end);
        let partner_id = partner_id(plan.seed, index);
        let mut g = PartnerGen {
            plan,
            w: &window,
            out: &mut out,
            rng,
            index,
            partner_id: partner_id.clone(),
            profile: &profile,
            domain: String::new(),
            country: 0,
            next_customer: 0,
            next_pro: 0,
            next_tpid: 0,
            tpid_group: None,
        };
        g.partner()?;
        let meets = profile.designed_to_meet();
        if !meets.is_empty() {
            designed_partners += 1;
        }
        for d in meets {
            *designed.entry(d).or_insert(0) += 1;
        }
        profiles.push((partner_id, profile));
    }
    Ok(Generated {
        files: out.finish()?,
        designed,
        designed_partners,
        profiles,
    })
}

/// Established customers per partner come from the size tiers times this factor, calibrated (by generating
/// 4,000 partners at two factors) so that the average number of customers per partner is close to
/// `customers_per_partner`. The profiles alone bring about 4.75 customers per partner whatever the factor,
/// so asking for fewer gives about that many.
fn budget_scale(customers_per_partner: f64) -> f64 {
    const FROM_PROFILES: f64 = 4.75;
    const FROM_BUDGET_AT_1: f64 = 5.28;
    ((customers_per_partner - FROM_PROFILES) / FROM_BUDGET_AT_1).max(0.05)
}

fn draw_profile(rng: &mut Rng, scale: f64) -> Profile {
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

/// When a certification retired, if it did.
fn retired_on(code: &str) -> Option<NaiveDate> {
    RETIRED
        .iter()
        .find(|(c, _)| *c == code)
        .and_then(|(_, (y, m, d))| NaiveDate::from_ymd_opt(*y, *m, *d))
}

/// Whether a (valid) certification still counts on `day`: a retired one counts for one more year.
fn counts_at(code: &str, day: NaiveDate) -> bool {
    retired_on(code).is_none_or(|r| {
        r.checked_add_months(chrono::Months::new(12))
            .is_some_and(|end| day <= end)
    })
}

/// A 7-digit PartnerID, unique per index (an affine bijection on 0..9,000,000).
pub fn partner_id(seed: u64, index: usize) -> String {
    const SPAN: u64 = 9_000_000;
    let offset = mix(seed) % SPAN;
    let n = (index as u64 % SPAN)
        .wrapping_mul(4_194_301)
        .wrapping_add(offset)
        % SPAN;
    format!("{}", 1_000_000 + n)
}

/// A 10-digit certification profile id, unique per (partner, professional number).
fn professional_id(seed: u64, index: usize, number: u32) -> String {
    const SPAN: u64 = 10_000_000_000;
    let key = (index as u64) * 4096 + u64::from(number % 4096);
    let offset = mix(seed ^ 0x5EED) % SPAN;
    let n = (key.wrapping_mul(7_919_317_021) % SPAN + offset) % SPAN;
    format!("{n:010}")
}

/// A 9-digit TPID, unique per (partner, group number).
fn tpid(seed: u64, index: usize, group: u32) -> String {
    const SPAN: u64 = 900_000_000;
    let key = (index as u64) * 4096 + u64::from(group % 4096);
    let offset = mix(seed ^ 0x7919) % SPAN;
    let n = (key.wrapping_mul(123_456_791) % SPAN + offset) % SPAN;
    format!("{}", 100_000_000 + n)
}

/// A tenant id shaped as a v4 UUID. The first 48 bits are a bijection of (partner, customer number), so
/// ids never collide; the rest is random.
fn tenant_id(seed: u64, index: usize, number: u32, rng: &mut Rng) -> String {
    const MASK: u64 = (1 << 48) - 1;
    let mut x = (((index as u64) << 20) | u64::from(number & 0xF_FFFF)) & MASK;
    x ^= mix(seed) & MASK;
    x = x.wrapping_mul(0x9E37_79B9_7F4B) & MASK;
    x ^= x >> 24;
    x = x.wrapping_mul(0x5851_F42D_4C95) & MASK;
    x ^= x >> 21;
    let r = rng.next_u64();
    let tail = rng.next_u64() & 0xFFFF_FFFF_FFFF;
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{tail:012x}",
        x >> 16,
        x & 0xFFFF,
        r & 0xFFF,
        0x8000 | ((r >> 12) & 0x3FFF),
    )
}

fn plus_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    }
}

/// The months of the data set, by index: 0 is the first month, `m` the as-of month, `b` the baseline.
struct Window {
    first: Month,
    n: i32,
    m: i32,
    b: i32,
    month_text: Vec<String>,
    as_of_end: NaiveDate,
}

impl Window {
    fn new(plan: &Plan) -> Self {
        let n = plan.months as i32;
        let first = plan.first_month();
        Self {
            first,
            n,
            m: n - 1,
            b: n - 13,
            month_text: (0..n).map(|k| first.plus(k).to_string()).collect(),
            as_of_end: plan.as_of.last_day(),
        }
    }

    fn date_in(&self, k: i32, rng: &mut Rng) -> NaiveDate {
        plus_days(self.first.plus(k).first_day(), rng.range(0, 27))
    }

    /// A window index after the baseline, early enough to grow before the as-of month.
    fn after_baseline(&self, rng: &mut Rng) -> i32 {
        let lo = (self.b + 1).max(0);
        let hi = (self.m - 2).max(lo);
        rng.range(i64::from(lo), i64::from(hi)) as i32
    }
}

/// One customer relationship over time, by window index.
#[derive(Debug, Clone, Copy)]
struct Life {
    /// Month of the association start (negative = before the window).
    start: i32,
    start_date: NaiveDate,
    /// The association's end, if it ended.
    end: Option<NaiveDate>,
    /// Usage months `from..until`.
    from: i32,
    until: i32,
}

impl Life {
    /// Associated since before the window, usage all along.
    fn established(w: &Window, rng: &mut Rng) -> Self {
        Self {
            start: -1,
            start_date: plus_days(w.first.first_day(), -rng.range(15, 1100)),
            end: None,
            from: 0,
            until: w.n,
        }
    }

    /// Associated after the baseline; usage from then, or from up to `pre` months earlier (an existing
    /// customer the partner claimed).
    fn new_after_baseline(w: &Window, rng: &mut Rng, pre: i32) -> Self {
        let k = w.after_baseline(rng);
        Self {
            start: k,
            start_date: w.date_in(k, rng),
            end: None,
            from: (k - pre).max(0),
            until: w.n,
        }
    }

    /// The association ends between the baseline and the month before the as-of month; usage may stop soon
    /// after, or go on without the partner.
    fn churned(mut self, w: &Window, rng: &mut Rng, usage_stops: bool) -> Self {
        let lo = (self.start + 1).max(w.b).max(0);
        let hi = (w.m - 1).max(lo);
        let e = rng.range(i64::from(lo), i64::from(hi)) as i32;
        let end = w.date_in(e, rng).max(self.start_date);
        self.end = Some(end);
        if usage_stops {
            self.until = (e + 1 + rng.range(0, 2) as i32).min(w.n).max(self.from + 1);
        }
        self
    }
}

/// A share that moves linearly from `from` to `to` over `months` months after month `at`.
#[derive(Debug, Clone, Copy)]
struct Ramp {
    at: i32,
    months: i32,
    from: f64,
    to: f64,
}

impl Ramp {
    fn flat(x: f64) -> Self {
        Self {
            at: 0,
            months: 1,
            from: x,
            to: x,
        }
    }

    fn value(&self, k: i32) -> f64 {
        if k <= self.at {
            self.from
        } else if k >= self.at + self.months {
            self.to
        } else {
            self.from + (self.to - self.from) * f64::from(k - self.at) / f64::from(self.months)
        }
    }
}

/// Microsoft 365 usage of one tenant.
struct SeatUsage {
    workloads: Vec<&'static str>,
    from: i32,
    until: i32,
    seats: f64,
    growth: f64,
    /// Paid seats of the first workload stay in `lo..=hi` (a Modern Work track band).
    lo: f64,
    hi: f64,
    protected: Ramp,
    active: Ramp,
}

/// Azure usage of one tenant: (service, monthly ACR in USD at the first month).
struct AcrUsage {
    services: Vec<(&'static str, f64)>,
    from: i32,
    until: i32,
    growth: f64,
}

/// One Business Applications workload of a tenant: monthly revenue (USD) and units (MAU or profiles).
struct BizItem {
    biz: Biz,
    revenue: f64,
    units: f64,
}

struct BizUsage {
    items: Vec<BizItem>,
    from: i32,
    until: i32,
    growth: f64,
    /// Most revenue per workload and month (keeps SMB partners out of the Enterprise class).
    revenue_cap: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Established,
    Churned,
    New,
}

struct PartnerGen<'a> {
    plan: &'a Plan,
    w: &'a Window,
    out: &'a mut Folder,
    rng: Rng,
    index: usize,
    partner_id: String,
    profile: &'a Profile,
    domain: String,
    country: usize,
    next_customer: u32,
    next_pro: u32,
    next_tpid: u32,
    /// An open group of tenants sharing one TPID: (TPID, tenants still to join).
    tpid_group: Option<(String, u32)>,
}

impl PartnerGen<'_> {
    fn partner(&mut self) -> anyhow::Result<()> {
        self.country = names::country(&mut self.rng);
        let (name, core) = names::partner_name(&mut self.rng, self.country);
        self.domain = format!("{}{}.example", names::ascii_slug(core), self.index % 97);
        let anniversary = if self.rng.chance(0.9) {
            plus_days(self.w.as_of_end, -self.rng.range(0, 364)).to_string()
        } else {
            String::new()
        };
        let id = self.partner_id.clone();
        self.out
            .partners
            .row(&[&id, &name, names::country_code(self.country), &anniversary])?;

        let p = self.profile;
        if let Some(s) = p.areas[SECURITY] {
            self.security(s, p.budget[SECURITY])?;
        }
        if let Some(s) = p.areas[MODERN_WORK_AREA] {
            self.modern_work(s, p.budget[MODERN_WORK_AREA])?;
        }
        if let Some(s) = p.areas[BUSINESS_APPS] {
            self.business_apps(s, p.budget[BUSINESS_APPS])?;
        }
        if let Some(s) = p.areas[AZURE] {
            self.azure(s, p.budget[AZURE])?;
        }
        self.staff()
    }

    // ------------------------------------------------------------------ customers and usage

    fn customer(&mut self) -> anyhow::Result<String> {
        let tenant = tenant_id(
            self.plan.seed,
            self.index,
            self.next_customer,
            &mut self.rng,
        );
        self.next_customer += 1;
        let tpid = match self.tpid_group.take() {
            Some((t, left)) => {
                if left > 1 {
                    self.tpid_group = Some((t.clone(), left - 1));
                }
                t
            }
            None if self.rng.chance(0.06) => {
                let t = tpid(self.plan.seed, self.index, self.next_tpid);
                self.next_tpid += 1;
                self.tpid_group = Some((t.clone(), self.rng.count(1, 3)));
                t
            }
            None if self.rng.chance(0.15) => {
                let t = tpid(self.plan.seed, self.index, self.next_tpid);
                self.next_tpid += 1;
                t
            }
            None => String::new(),
        };
        let name = names::customer_name(&mut self.rng);
        let country = if self.rng.chance(0.75) {
            self.country
        } else {
            names::country(&mut self.rng)
        };
        self.out
            .customers
            .row(&[&tenant, &tpid, &name, names::country_code(country)])?;
        Ok(tenant)
    }

    fn associate(
        &mut self,
        partner: &str,
        tenant: &str,
        ty: AssociationType,
        workload: Option<&str>,
        start: NaiveDate,
        end: Option<NaiveDate>,
    ) -> anyhow::Result<()> {
        self.out.associations.row(&[
            partner,
            tenant,
            ty.as_str(),
            workload.unwrap_or(""),
            &start.to_string(),
            &end.map(|d| d.to_string()).unwrap_or_default(),
        ])
    }

    fn claim(
        &mut self,
        tenant: &str,
        ty: AssociationType,
        workload: Option<&str>,
        life: &Life,
    ) -> anyhow::Result<()> {
        let partner = self.partner_id.clone();
        self.associate(&partner, tenant, ty, workload, life.start_date, life.end)
    }

    fn noise(&mut self, amplitude: f64) -> f64 {
        1.0 + amplitude * (2.0 * self.rng.unit() - 1.0)
    }

    fn emit_seats(&mut self, tenant: &str, u: &SeatUsage) -> anyhow::Result<()> {
        for (j, workload) in u.workloads.iter().enumerate() {
            let (seat_mult, share_mult, lo) = if j == 0 {
                (1.0, 1.0, u.lo)
            } else {
                (self.rng.float(0.5, 1.0), self.rng.float(0.85, 1.1), 1.0)
            };
            let security = SECURITY_M365.contains(workload);
            let modern = MODERN_WORK.contains(workload);
            let mut level = u.seats * seat_mult;
            for k in u.from..u.until {
                let seats = (level * self.noise(0.03)).round().max(lo).min(u.hi);
                let protected = (u.protected.value(k) * share_mult
                    + 0.015 * (2.0 * self.rng.unit() - 1.0))
                    .clamp(0.0, 1.0);
                let active = (u.active.value(k) * share_mult
                    + 0.015 * (2.0 * self.rng.unit() - 1.0))
                    .clamp(0.0, 1.0);
                let values = UsageValues {
                    paid_seats: Some(seats as u64),
                    protected_users: security.then(|| (seats * protected).round() as u64),
                    active_users: modern.then(|| (seats * active).round() as u64),
                    ..UsageValues::default()
                };
                self.write_usage(tenant, k, workload, &values)?;
                level *= 1.0 + u.growth;
            }
        }
        Ok(())
    }

    fn emit_acr(&mut self, tenant: &str, u: &AcrUsage) -> anyhow::Result<()> {
        for (service, base) in &u.services {
            let mut level = *base;
            for k in u.from..u.until {
                let cents = (level * 100.0 * self.noise(0.06)).round().max(0.0) as u64;
                let values = UsageValues {
                    acr_cents: Some(cents),
                    ..UsageValues::default()
                };
                self.write_usage(tenant, k, service, &values)?;
                level *= 1.0 + u.growth;
            }
        }
        Ok(())
    }

    fn emit_biz(&mut self, tenant: &str, u: &BizUsage) -> anyhow::Result<()> {
        for item in &u.items {
            let mut revenue = item.revenue;
            let mut units = item.units;
            for k in u.from..u.until {
                let cents = (revenue * self.noise(0.03)).min(u.revenue_cap) * 100.0;
                let n = (units * self.noise(0.04)).round().max(0.0) as u64;
                let values = UsageValues {
                    revenue_cents: Some(cents.round().max(0.0) as u64),
                    active_users: (item.biz.group != BizGroup::RevenueOnly && !item.biz.profiles)
                        .then_some(n),
                    profiles: item.biz.profiles.then_some(n),
                    ..UsageValues::default()
                };
                self.write_usage(tenant, k, item.biz.code, &values)?;
                revenue *= 1.0 + u.growth;
                units *= 1.0 + u.growth;
            }
        }
        Ok(())
    }

    fn write_usage(
        &mut self,
        tenant: &str,
        k: i32,
        workload: &str,
        values: &UsageValues,
    ) -> anyhow::Result<()> {
        let month = self
            .w
            .month_text
            .get(k as usize)
            .map(String::as_str)
            .unwrap_or_default();
        self.out.usage.usage(tenant, month, workload, values)
    }

    fn life(&mut self, kind: Kind, pre_chance: f64) -> Life {
        match kind {
            Kind::Established => Life::established(self.w, &mut self.rng),
            Kind::Churned => {
                let stops = self.rng.chance(0.4);
                Life::established(self.w, &mut self.rng).churned(self.w, &mut self.rng, stops)
            }
            Kind::New => {
                let pre = if self.rng.chance(pre_chance) {
                    self.rng.range(1, 5) as i32
                } else {
                    0
                };
                Life::new_after_baseline(self.w, &mut self.rng, pre)
            }
        }
    }

    /// Another partner, the next one, links some Microsoft 365 customers through PAL for their Azure
    /// usage: a customer with two partners.
    fn maybe_shared_azure(&mut self, tenant: &str) -> anyhow::Result<()> {
        if self.plan.partners < 2 || !self.rng.chance(0.04) {
            return Ok(());
        }
        let neighbour = partner_id(self.plan.seed, (self.index + 1) % self.plan.partners);
        let life = if self.rng.chance(0.5) {
            Life::established(self.w, &mut self.rng)
        } else {
            Life::new_after_baseline(self.w, &mut self.rng, 3)
        };
        self.associate(
            &neighbour,
            tenant,
            AssociationType::Pal,
            None,
            life.start_date,
            None,
        )?;
        let n = self.rng.range(1, 2) as usize;
        let services = self
            .rng
            .sample(AZURE_INFRA, n)
            .into_iter()
            .map(|s| (s, self.rng.float(60.0, 700.0)))
            .collect();
        let usage = AcrUsage {
            services,
            from: life.from,
            until: life.until,
            growth: self.rng.float(-0.01, 0.02),
        };
        self.emit_acr(tenant, &usage)
    }

    // ------------------------------------------------------------------ Security

    fn security(&mut self, s: Strength, budget: u32) -> anyhow::Result<()> {
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
        let tenant = self.customer()?;
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
        self.emit_seats(&tenant, &usage)?;
        self.maybe_shared_azure(&tenant)
    }

    /// A customer buying Azure security services through the partner's PAL (Security's Azure part).
    fn security_azure_tenant(&mut self, s: Strength) -> anyhow::Result<()> {
        let tenant = self.customer()?;
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
        self.emit_acr(&tenant, &usage)
    }

    fn security_professionals(&mut self, s: Strength) -> anyhow::Result<()> {
        let r = &mut self.rng;
        let (qualified, near_miss) = match s {
            Strength::Strong => (r.count(6, 8), r.count(0, 2)),
            Strength::Medium => (r.count(2, 4), 1),
            Strength::Weak => (r.count(0, 1), r.count(0, 2)),
        };
        for _ in 0..qualified {
            let mut certs = vec![
                ("MS-500", true),
                ("AZ-500", true),
                (self.rng.pick(SECURITY_SC), true),
            ];
            if self.rng.chance(0.3) {
                certs.push((self.rng.pick(SECURITY_SC), true));
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

    // ------------------------------------------------------------------ Modern Work

    fn modern_work(&mut self, s: Strength, budget: u32) -> anyhow::Result<()> {
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
        let tenant = self.customer()?;
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
        self.emit_seats(&tenant, &usage)?;
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

    // ------------------------------------------------------------------ Business Applications

    fn business_apps(&mut self, s: Strength, budget: u32) -> anyhow::Result<()> {
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
        let tenant = self.customer()?;
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
        self.emit_biz(&tenant, &usage)
    }

    fn business_apps_tenant(
        &mut self,
        kind: Kind,
        s: Strength,
        enterprise: bool,
        cap: f64,
    ) -> anyhow::Result<()> {
        let tenant = self.customer()?;
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
        self.emit_biz(&tenant, &usage)
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

    // ------------------------------------------------------------------ Azure

    fn azure(&mut self, s: Strength, budget: u32) -> anyhow::Result<()> {
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
        let tenant = self.customer()?;
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
        self.emit_acr(&tenant, &usage)
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

    // ------------------------------------------------------------------ professionals

    /// Staff with assorted certifications, some expired; some have left the partner.
    fn staff(&mut self) -> anyhow::Result<()> {
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
    fn professional(&mut self, certs: &[(&'static str, bool)], core: bool) -> anyhow::Result<()> {
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
