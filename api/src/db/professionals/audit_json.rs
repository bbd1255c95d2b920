//! The shapes the audit trail records for the writes of professionals: a professional, a
//! certification record and an association as JSON (the values before and after), the natural key of
//! a certification record, and the score impact of a change.

use chrono::NaiveDate;
use entities::{professional_associations, professional_certifications, professionals};
use rust_decimal::prelude::ToPrimitive;
use serde_json::{Value, json};

use super::impact::PartnerImpact;

fn num(d: rust_decimal::Decimal) -> Value {
    json!(d.to_f64().unwrap_or(0.0))
}

/// The impact as recorded in the audit trail: the designations that change.
pub(super) fn impact_json(list: &[PartnerImpact]) -> Value {
    let mut out = Vec::new();
    for p in list {
        for i in &p.impacts {
            if i.before == i.after && i.meets_before == i.meets_after && i.metrics.is_empty() {
                continue;
            }
            out.push(json!({
                "partnerId": p.partner_code,
                "designation": i.designation.as_str(),
                "before": num(i.before),
                "after": num(i.after),
                "delta": num(i.after - i.before),
                "meetsBefore": i.meets_before,
                "meetsAfter": i.meets_after,
                "metrics": i.metrics.iter().map(|(m, b, a)| json!({
                    "metric": m.as_str(), "before": num(*b), "after": num(*a),
                })).collect::<Vec<_>>(),
            }));
        }
    }
    Value::Array(out)
}

/// A professional.
pub(super) fn professional_json(p: &professionals::Model) -> Value {
    json!({"professionalId": p.professional_id, "name": p.name, "email": p.email, "version": p.version})
}

/// A certification record of the professional with profile id `pro`.
pub(super) fn certification_json(pro: &str, c: &professional_certifications::Model) -> Value {
    json!({
        "professionalId": pro, "code": c.certification_code, "earnedOn": c.earned_on,
        "expiresOn": c.expires_on, "version": c.version,
    })
}

/// An association of the professional `pro` with the partner `partner` (profile id, PartnerID).
pub(super) fn association_json(
    pro: &str,
    partner: &str,
    a: &professional_associations::Model,
) -> Value {
    json!({
        "associationId": a.id, "professionalId": pro, "partnerId": partner,
        "associatedOn": a.associated_on, "removedOn": a.removed_on, "version": a.version,
    })
}

/// The natural key of a certification record: `profile/code/earned-on`.
pub(super) fn certification_key(pro: &str, code: &str, earned_on: NaiveDate) -> String {
    format!("{pro}/{code}/{earned_on}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::simulate::Impact;

    #[test]
    fn the_audit_impact_keeps_only_designations_that_change() {
        use crate::domain::{DesignationCode, MetricCode};
        use rust_decimal::Decimal;
        let same = Impact {
            designation: DesignationCode::ModernWork,
            before: Decimal::new(1000, 2),
            after: Decimal::new(1000, 2),
            meets_before: false,
            meets_after: false,
            metrics: vec![],
        };
        let moved = Impact {
            designation: DesignationCode::Security,
            before: Decimal::new(6335, 2),
            after: Decimal::new(7001, 2),
            meets_before: false,
            meets_after: true,
            metrics: vec![(
                MetricCode::IntermediateCertifications,
                Decimal::new(2667, 2),
                Decimal::new(3333, 2),
            )],
        };
        let v = impact_json(&[PartnerImpact {
            partner: 1,
            partner_code: "P".into(),
            impacts: vec![same, moved],
        }]);
        assert_eq!(v.as_array().map(Vec::len), Some(1));
        assert_eq!(v[0]["designation"], "SECURITY");
        assert_eq!(v[0]["delta"], 6.66);
        assert_eq!(v[0]["metrics"][0]["after"], 33.33);
    }
}
