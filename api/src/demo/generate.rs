//! The generator: partners of every size, each with a designed profile (strong, medium or weak per
//! designation area), their customers, customer associations, monthly usage, certified professionals and
//! granted specializations, written straight to the CSV files of an import folder.
//!
//! - here: the loop over the partners and what was written;
//! - [`super::plan`]: the plan and each partner's designed profile;
//! - `partner`: one partner's customers, associations, usage and professionals, one file per
//!   designation area, and its specializations;
//! - `ids`: the identifiers.
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

use super::catalogue::offered_specializations;
use super::out::Folder;
use super::partner::{self, Window};
use super::plan::{Plan, Profile, budget_scale};
use crate::domain::DesignationCode;

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

/// Writes the whole data set of `plan` into `folder` (every import file, replacing older ones).
pub fn write_folder(plan: &Plan, folder: &Path) -> anyhow::Result<Generated> {
    plan.validate()?;
    let offered = offered_specializations()?;
    let window = Window::new(plan);
    let scale = budget_scale(plan.customers_per_partner);
    let mut out = Folder::create(folder)?;
    let mut designed = BTreeMap::new();
    let mut designed_partners = 0;
    let mut profiles = Vec::with_capacity(plan.partners);
    for index in 0..plan.partners {
        let (partner_id, profile) =
            partner::write(plan, &window, &mut out, index, scale, &offered)?;
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
