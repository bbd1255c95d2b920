//! One partner of the demo data: its row, then per designation area of its profile the customers,
//! associations, monthly usage and certified professionals that give it the designed strength, then
//! its other staff. Everything is drawn from the partner's own random stream, in a fixed order.
//!
//! Here: the months of the window, a customer's life (association and usage span), the shapes of
//! usage, and writing customers, associations and usage rows. The areas are `security`,
//! `modern_work`, `business_apps` and `azure`; `professionals` writes people, certifications and
//! association periods; `specializations` the specializations Microsoft granted the partner.

mod azure;
mod business_apps;
mod modern_work;
mod professionals;
mod security;
mod specializations;

use chrono::{Days, NaiveDate};

use super::catalogue::{
    AZURE_INFRA, Biz, BizGroup, MODERN_WORK, Offered, SECURITY_M365, security_possible,
};
use super::ids::{partner_id, tenant_id, tpid};
use super::names;
use super::out::{Folder, UsageValues};
use super::plan::{AZURE, BUSINESS_APPS, MODERN_WORK_AREA, Plan, Profile, SECURITY, draw_profile};
use super::rng::Rng;
use crate::domain::{AssociationType, CustomerSegment, Month};

/// One partner in this many (the sixth, then every fortieth after it) is designed strong in every area
/// and every Azure designation's skilling: a Solutions Partner for Microsoft Cloud.
const MICROSOFT_CLOUD_EVERY: usize = 40;

/// Draws the profile of partner `index` and writes the partner with everything it has; returns its
/// PartnerID and profile.
pub(super) fn write(
    plan: &Plan,
    window: &Window,
    out: &mut Folder,
    index: usize,
    scale: f64,
    offered: &[Offered],
) -> anyhow::Result<(String, Profile)> {
    let mut rng = Rng::stream(plan.seed, index as u64);
    let mut profile = draw_profile(&mut rng, scale);
    if index % MICROSOFT_CLOUD_EVERY == MICROSOFT_CLOUD_EVERY / 8 {
        profile.strong_everywhere();
    }
    profile.security_possible = security_possible(plan.as_of, window.as_of_end);
    let partner_id = partner_id(plan.seed, index);
    let mut g = PartnerGen {
        plan,
        w: window,
        out,
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
    // Last, so that the draws above are the same whatever the specializations draw.
    g.specializations(offered)?;
    Ok((partner_id, profile))
}

fn plus_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    }
}

/// The months of the data set, by index: 0 is the first month, `m` the as-of month, `b` the baseline.
pub(super) struct Window {
    first: Month,
    n: i32,
    m: i32,
    b: i32,
    month_text: Vec<String>,
    as_of_end: NaiveDate,
}

impl Window {
    /// The window of `plan`.
    pub(super) fn new(plan: &Plan) -> Self {
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

/// A customer drawn, its row not written yet.
struct NewCustomer {
    tenant: String,
    tpid: String,
    name: String,
    country: usize,
}

/// A customer's size at its largest, which gives its segment: SMB with at most 300 paid seats of
/// Microsoft 365; without Microsoft 365 rows, SMB with at most US$ 2,500 of ACR in a month and at
/// most US$ 5,000 of revenue of one workload in a month (Business Applications' Enterprise line);
/// Enterprise otherwise.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    /// Largest paid seats of a Microsoft 365 workload in a month; `None` without Microsoft 365 rows.
    seats: Option<u64>,
    /// Largest ACR of all services in a month, in cents.
    acr_cents: u64,
    /// Largest revenue of one workload in a month, in cents.
    revenue_cents: u64,
}

/// Most paid seats of an SMB customer.
const SMB_MOST_SEATS: u64 = 300;
/// Most monthly ACR of an SMB customer without Microsoft 365 rows, in cents.
const SMB_MOST_ACR_CENTS: u64 = 2_500 * 100;
/// Most monthly revenue of one workload of an SMB customer without Microsoft 365 rows, in cents.
const SMB_MOST_REVENUE_CENTS: u64 = 5_000 * 100;

impl Size {
    fn seats(seats: Option<u64>) -> Self {
        Self {
            seats,
            ..Self::default()
        }
    }

    fn acr(cents: u64) -> Self {
        Self {
            acr_cents: cents,
            ..Self::default()
        }
    }

    fn revenue(cents: u64) -> Self {
        Self {
            revenue_cents: cents,
            ..Self::default()
        }
    }

    fn segment(self) -> CustomerSegment {
        let smb = match self.seats {
            Some(seats) => seats <= SMB_MOST_SEATS,
            None => {
                self.acr_cents <= SMB_MOST_ACR_CENTS && self.revenue_cents <= SMB_MOST_REVENUE_CENTS
            }
        };
        if smb {
            CustomerSegment::Smb
        } else {
            CustomerSegment::Enterprise
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// How a customer relationship goes over the window.
enum Kind {
    Established,
    Churned,
    New,
}

/// The generator of one partner: where it writes, its random stream, and its counters.
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

    /// Draws a new customer; its row is written by [`Self::write_customer`] once what it buys is
    /// drawn, which decides its segment.
    fn customer(&mut self) -> NewCustomer {
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
        NewCustomer {
            tenant,
            tpid,
            name,
            country,
        }
    }

    /// Writes a customer's row, with the segment its size gives.
    fn write_customer(&mut self, c: NewCustomer, size: Size) -> anyhow::Result<()> {
        self.out.customers.row(&[
            &c.tenant,
            &c.tpid,
            &c.name,
            names::country_code(c.country),
            size.segment().as_str(),
        ])
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

    /// Writes a tenant's Microsoft 365 usage; returns its largest paid seats (`None`: no row).
    fn emit_seats(&mut self, tenant: &str, u: &SeatUsage) -> anyhow::Result<Option<u64>> {
        let mut largest = None;
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
                largest = largest.max(Some(seats as u64));
                let values = UsageValues {
                    paid_seats: Some(seats as u64),
                    protected_users: security.then(|| (seats * protected).round() as u64),
                    // Security workloads' active users are what the Security specializations'
                    // MAU growth reads; no score reads them.
                    active_users: (modern || security).then(|| (seats * active).round() as u64),
                    ..UsageValues::default()
                };
                self.write_usage(tenant, k, workload, &values)?;
                level *= 1.0 + u.growth;
            }
        }
        Ok(largest)
    }

    /// Writes a tenant's Azure usage; returns its largest monthly ACR over all services, in cents.
    fn emit_acr(&mut self, tenant: &str, u: &AcrUsage) -> anyhow::Result<u64> {
        let mut monthly: Vec<u64> = vec![0; usize::try_from(u.until - u.from).unwrap_or(0)];
        for (service, base) in &u.services {
            let mut level = *base;
            for k in u.from..u.until {
                let cents = (level * 100.0 * self.noise(0.06)).round().max(0.0) as u64;
                if let Some(m) = monthly.get_mut(usize::try_from(k - u.from).unwrap_or(0)) {
                    *m += cents;
                }
                let values = UsageValues {
                    acr_cents: Some(cents),
                    ..UsageValues::default()
                };
                self.write_usage(tenant, k, service, &values)?;
                level *= 1.0 + u.growth;
            }
        }
        Ok(monthly.into_iter().max().unwrap_or(0))
    }

    /// Writes a tenant's Business Applications usage; returns its largest monthly revenue of one
    /// workload, in cents.
    fn emit_biz(&mut self, tenant: &str, u: &BizUsage) -> anyhow::Result<u64> {
        let mut largest = 0;
        for item in &u.items {
            let mut revenue = item.revenue;
            let mut units = item.units;
            for k in u.from..u.until {
                let cents = (revenue * self.noise(0.03)).min(u.revenue_cap) * 100.0;
                largest = largest.max(cents.round().max(0.0) as u64);
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
        Ok(largest)
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
        self.emit_acr(tenant, &usage)?;
        Ok(())
    }
}
