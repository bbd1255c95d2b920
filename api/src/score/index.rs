//! One pass over a partner's rows that makes every later question cheap: tenants, TPIDs and workloads
//! are numbered, usage is grouped by (tenant, month), associations by tenant.

use std::collections::HashMap;

use crate::domain::{AssociationType, CustomerSegment, Month};

use super::input::{PartnerData, UsageRow};

/// A set of association types, as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct TypeSet(u8);

impl TypeSet {
    pub(crate) fn of(types: &[AssociationType]) -> Self {
        Self(types.iter().fold(0, |acc, t| acc | Self::bit(*t)))
    }

    fn bit(t: AssociationType) -> u8 {
        let i = AssociationType::ALL
            .iter()
            .position(|x| *x == t)
            .unwrap_or(0);
        1 << i
    }

    pub(crate) fn has(self, t: AssociationType) -> bool {
        self.0 & Self::bit(t) != 0
    }
}

/// A set of workloads of this partner's data, by number.
#[derive(Debug, Clone, Default)]
pub(crate) struct WorkloadSet(Vec<bool>);

impl WorkloadSet {
    pub(crate) fn has(&self, w: u16) -> bool {
        self.0.get(w as usize).copied().unwrap_or(false)
    }
}

/// An association, with its months.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Assoc {
    pub(crate) kind: AssociationType,
    /// `None`: every workload.
    pub(crate) workload: Option<u16>,
    pub(crate) first: Month,
    pub(crate) last: Option<Month>,
}

impl Assoc {
    /// Active in `m`: starts on or before its last day and does not end before its first day.
    pub(crate) fn active(&self, m: Month) -> bool {
        self.first <= m && self.last.is_none_or(|l| l >= m)
    }

    pub(crate) fn covers(&self, w: u16) -> bool {
        self.workload.is_none_or(|x| x == w)
    }
}

/// A usage row and its workload number.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row<'a> {
    pub(crate) workload: u16,
    pub(crate) u: &'a UsageRow,
}

impl Row<'_> {
    pub(crate) fn seats(&self) -> i64 {
        self.u.paid_seats.unwrap_or(0)
    }
    pub(crate) fn protected(&self) -> i64 {
        self.u.protected_users.unwrap_or(0)
    }
    pub(crate) fn active_users(&self) -> i64 {
        self.u.active_users.unwrap_or(0)
    }
    pub(crate) fn acr(&self) -> i64 {
        self.u.acr_cents.unwrap_or(0)
    }
    pub(crate) fn revenue(&self) -> i64 {
        self.u.revenue_cents.unwrap_or(0)
    }
    pub(crate) fn profiles(&self) -> i64 {
        self.u.profiles.unwrap_or(0)
    }
}

#[derive(Debug)]
pub(crate) struct Tenant<'a> {
    pub(crate) id: &'a str,
    /// The customer's sales segment, when one is recorded.
    pub(crate) segment: Option<CustomerSegment>,
    pub(crate) assocs: Vec<Assoc>,
    /// `(start, end)` into `Index::rows` for each month from `Index::first_month`.
    months: Vec<(u32, u32)>,
}

#[derive(Debug)]
pub(crate) struct Tpid<'a> {
    pub(crate) id: &'a str,
    pub(crate) tenants: Vec<u32>,
}

/// The partner's data, numbered and grouped.
#[derive(Debug)]
pub(crate) struct Index<'a> {
    pub(crate) tenants: Vec<Tenant<'a>>,
    pub(crate) tpids: Vec<Tpid<'a>>,
    workload_ids: HashMap<&'a str, u16>,
    workload_codes: Vec<&'a str>,
    rows: Vec<Row<'a>>,
    first_month: Month,
}

impl<'a> Index<'a> {
    /// Indexes `data`, keeping only the usage of the months `window` (both ends included).
    pub(crate) fn new(data: &'a PartnerData, window: (Month, Month)) -> Self {
        let mut tenant_ids: HashMap<&'a str, u32> = HashMap::new();
        let mut tpid_ids: HashMap<&'a str, u32> = HashMap::new();
        let mut tenants: Vec<Tenant<'a>> = Vec::new();
        let mut tpids: Vec<Tpid<'a>> = Vec::new();
        let mut workload_ids: HashMap<&'a str, u16> = HashMap::new();
        let mut workload = |name: &'a str| -> u16 {
            let next = u16::try_from(workload_ids.len()).unwrap_or(u16::MAX);
            *workload_ids.entry(name).or_insert(next)
        };
        let mut tenant = |id: &'a str,
                          tpid: &'a str,
                          tenants: &mut Vec<Tenant<'a>>,
                          tpids: &mut Vec<Tpid<'a>>|
         -> u32 {
            if let Some(t) = tenant_ids.get(id) {
                return *t;
            }
            let t = u32::try_from(tenants.len()).unwrap_or(u32::MAX);
            let p = *tpid_ids.entry(tpid).or_insert_with(|| {
                tpids.push(Tpid {
                    id: tpid,
                    tenants: Vec::new(),
                });
                u32::try_from(tpids.len() - 1).unwrap_or(u32::MAX)
            });
            tpids[p as usize].tenants.push(t);
            tenants.push(Tenant {
                id,
                segment: data.segments.get(id).copied(),
                assocs: Vec::new(),
                months: Vec::new(),
            });
            tenant_ids.insert(id, t);
            t
        };
        for a in &data.associations {
            let tpid = if a.tpid.is_empty() {
                a.tenant_id.as_str()
            } else {
                a.tpid.as_str()
            };
            let t = tenant(&a.tenant_id, tpid, &mut tenants, &mut tpids);
            let w = a.workload.as_deref().map(&mut workload);
            tenants[t as usize].assocs.push(Assoc {
                kind: a.association_type,
                workload: w,
                first: Month::of(a.start_date),
                last: a.end_date.map(Month::of),
            });
        }
        let mut keyed: Vec<(u32, Month, Row<'a>)> = Vec::with_capacity(data.usage.len());
        for u in data
            .usage
            .iter()
            .filter(|u| u.month >= window.0 && u.month <= window.1)
        {
            let t = tenant(&u.tenant_id, &u.tenant_id, &mut tenants, &mut tpids);
            keyed.push((
                t,
                u.month,
                Row {
                    workload: workload(&u.workload),
                    u,
                },
            ));
        }
        keyed.sort_by_key(|(t, m, _)| (*t, *m));
        let first_month = keyed
            .iter()
            .map(|(_, m, _)| *m)
            .min()
            .unwrap_or(Month::of(chrono::NaiveDate::MIN));
        let last_month = keyed
            .iter()
            .map(|(_, m, _)| *m)
            .max()
            .unwrap_or(first_month);
        let span = usize::try_from(last_month.months_since(first_month) + 1).unwrap_or(0);
        let mut rows = Vec::with_capacity(keyed.len());
        let mut i = 0;
        while i < keyed.len() {
            let t = keyed[i].0;
            let tenant = &mut tenants[t as usize];
            tenant.months = vec![(0, 0); span];
            while i < keyed.len() && keyed[i].0 == t {
                let m = keyed[i].1;
                let start = u32::try_from(rows.len()).unwrap_or(u32::MAX);
                while i < keyed.len() && keyed[i].0 == t && keyed[i].1 == m {
                    rows.push(keyed[i].2);
                    i += 1;
                }
                let end = u32::try_from(rows.len()).unwrap_or(u32::MAX);
                if let Ok(slot) = usize::try_from(m.months_since(first_month)) {
                    tenant.months[slot] = (start, end);
                }
            }
        }
        let mut workload_codes = vec![""; workload_ids.len()];
        for (code, id) in &workload_ids {
            if let Some(slot) = workload_codes.get_mut(*id as usize) {
                *slot = code;
            }
        }
        Index {
            tenants,
            tpids,
            workload_ids,
            workload_codes,
            rows,
            first_month,
        }
    }

    /// The usage rows of tenant `t` in month `m`.
    pub(crate) fn rows(&self, t: u32, m: Month) -> &[Row<'a>] {
        let Some(tenant) = self.tenants.get(t as usize) else {
            return &[];
        };
        let Ok(slot) = usize::try_from(m.months_since(self.first_month)) else {
            return &[];
        };
        match tenant.months.get(slot) {
            Some(&(s, e)) => self.rows.get(s as usize..e as usize).unwrap_or(&[]),
            None => &[],
        }
    }

    /// The workload set of these codes, over this partner's workload numbers.
    pub(crate) fn workload_set<'s>(
        &self,
        codes: impl IntoIterator<Item = &'s String>,
    ) -> WorkloadSet {
        let mut set = vec![false; self.workload_ids.len()];
        for c in codes {
            if let Some(w) = self.workload_ids.get(c.as_str()) {
                set[*w as usize] = true;
            }
        }
        WorkloadSet(set)
    }

    /// The number of a workload code, if this partner's data names it.
    pub(crate) fn workload_id(&self, code: &str) -> Option<u16> {
        self.workload_ids.get(code).copied()
    }

    /// Whether a row of workload `w` of tenant `t` in month `m` is covered by an association of `types`.
    pub(crate) fn covered(&self, t: u32, m: Month, w: u16, types: TypeSet) -> bool {
        self.tenants[t as usize]
            .assocs
            .iter()
            .any(|a| types.has(a.kind) && a.active(m) && a.covers(w))
    }

    /// Whether tenant `t` has, in `m`, an association of `types` covering a workload of `set`.
    pub(crate) fn claimed(&self, t: u32, m: Month, types: TypeSet, set: &WorkloadSet) -> bool {
        self.tenants[t as usize]
            .assocs
            .iter()
            .any(|a| types.has(a.kind) && a.active(m) && a.workload.is_none_or(|w| set.has(w)))
    }

    /// Whether any tenant of TPID `p` is claimed in `m`.
    pub(crate) fn tpid_claimed(&self, p: u32, m: Month, types: TypeSet, set: &WorkloadSet) -> bool {
        self.tpids[p as usize]
            .tenants
            .iter()
            .any(|t| self.claimed(*t, m, types, set))
    }

    /// The first month of the uninterrupted stretch of claimed months ending at `as_of`, never before
    /// `floor`; `None` when not claimed at `as_of`.
    pub(crate) fn claimed_since(
        &self,
        claimed: impl Fn(Month) -> bool,
        as_of: Month,
        floor: Month,
    ) -> Option<Month> {
        if !claimed(as_of) {
            return None;
        }
        let mut m = as_of;
        while m > floor && claimed(m.minus(1)) {
            m = m.minus(1);
        }
        Some(m)
    }

    /// Sum of `field` over tenant `t`'s rows in `m` of workloads in `set` covered by `types`.
    pub(crate) fn sum(
        &self,
        t: u32,
        m: Month,
        set: &WorkloadSet,
        types: TypeSet,
        field: fn(&Row<'a>) -> i64,
    ) -> i64 {
        self.rows(t, m)
            .iter()
            .filter(|r| set.has(r.workload) && self.covered(t, m, r.workload, types))
            .fold(0i64, |acc, r| acc.saturating_add(field(r)))
    }

    /// [`Self::sum`] over the tenants of TPID `p`.
    pub(crate) fn tpid_sum(
        &self,
        p: u32,
        m: Month,
        set: &WorkloadSet,
        types: TypeSet,
        field: fn(&Row<'a>) -> i64,
    ) -> i64 {
        self.tpids[p as usize].tenants.iter().fold(0i64, |acc, t| {
            acc.saturating_add(self.sum(*t, m, set, types, field))
        })
    }

    /// The workload code of a number.
    pub(crate) fn workload_code(&self, w: u16) -> &'a str {
        self.workload_codes.get(w as usize).copied().unwrap_or("?")
    }
}
