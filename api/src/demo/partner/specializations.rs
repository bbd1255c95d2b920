//! The specializations Microsoft granted a partner: about a third of those its designed designations
//! admit, and a quarter of the partners designed for Security hold all four Security specializations
//! (more than the three whose benefits stack). Each grant runs one year from a day in the last eleven
//! months, so it is in force at the as-of month; now and then the grant before it, which ran out the
//! day before, is there too (a renewal).

use chrono::Months;

use super::{PartnerGen, plus_days};
use crate::demo::catalogue::Offered;
use crate::domain::DesignationCode;

impl PartnerGen<'_> {
    pub(super) fn specializations(&mut self, offered: &[Offered]) -> anyhow::Result<()> {
        let designed = self.profile.designed_to_meet();
        let every_security = designed.contains(&DesignationCode::Security) && self.rng.chance(0.25);
        for s in offered {
            let admitted = s.prerequisites.iter().any(|d| designed.contains(d));
            let granted = if every_security && s.group == "SECURITY" {
                true
            } else {
                admitted && self.rng.chance(0.3)
            };
            if !granted {
                continue;
            }
            let granted_on = plus_days(self.w.as_of_end, -self.rng.range(30, 330));
            let expires_on = plus_days(
                granted_on
                    .checked_add_months(Months::new(12))
                    .unwrap_or(granted_on),
                -1,
            );
            let validation = s.validation.as_str();
            if self.rng.chance(0.2) {
                let earlier = granted_on
                    .checked_sub_months(Months::new(12))
                    .unwrap_or(granted_on);
                let ran_out = plus_days(granted_on, -1);
                self.out.specializations.row(&[
                    &self.partner_id,
                    &s.code,
                    &earlier.to_string(),
                    &ran_out.to_string(),
                    validation,
                ])?;
            }
            self.out.specializations.row(&[
                &self.partner_id,
                &s.code,
                &granted_on.to_string(),
                &expires_on.to_string(),
                validation,
            ])?;
        }
        Ok(())
    }
}
