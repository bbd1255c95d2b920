//! Customers (tenants) and how they are linked to a partner.

use crate::db::model;
use async_graphql::{ID, Object};
use chrono::NaiveDate;

use super::enums::{AssociationType, CustomerSegment};
use crate::graphql::relay::global_id;

/// A customer association: how credit for a tenant's usage reaches the partner.
pub struct CustomerAssociation {
    pub(crate) association: model::CustomerAssociation,
    pub(crate) customer: model::Customer,
}

#[Object]
impl CustomerAssociation {
    /// Opaque global id.
    async fn id(&self) -> ID {
        global_id("CustomerAssociation", &self.association.id.to_string())
    }

    /// The customer.
    async fn customer(&self) -> Customer {
        Customer(self.customer.clone())
    }

    /// CPOR, PAL, DPOR, CSP_T1 or CSP_T2 (`null` for a type this version does not know).
    async fn association_type(&self) -> Option<AssociationType> {
        self.association
            .association_type
            .parse::<crate::domain::AssociationType>()
            .ok()
            .map(Into::into)
    }

    /// The one workload it covers; `null` covers all of the tenant's workloads.
    async fn workload(&self) -> Option<&str> {
        self.association.workload_code.as_deref()
    }

    /// First day in force.
    async fn start_date(&self) -> NaiveDate {
        self.association.start_date
    }

    /// Last day in force, if it ended.
    async fn end_date(&self) -> Option<NaiveDate> {
        self.association.end_date
    }
}

/// A customer tenant.
pub struct Customer(pub model::Customer);

#[Object]
impl Customer {
    /// Opaque global id.
    async fn id(&self) -> ID {
        global_id("Customer", &self.0.tenant_id)
    }

    /// The tenant id (a GUID).
    async fn tenant_id(&self) -> &str {
        &self.0.tenant_id
    }

    /// The top parent id; several tenants may share one. `null`: the tenant is its own.
    async fn tpid(&self) -> Option<&str> {
        self.0.tpid.as_deref()
    }

    /// Name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// ISO 3166-1 alpha-2 country code.
    async fn country(&self) -> &str {
        &self.0.country
    }

    /// Microsoft's sales segment, as `customers.csv` gives it; `null` when none was given. The Azure
    /// areas' Enterprise/SMB classification (rule set 2026-07) counts the customers in `SMB`; a
    /// customer without a segment counts as not SMB.
    async fn segment(&self) -> Option<CustomerSegment> {
        self.0
            .segment
            .as_deref()
            .and_then(|s| s.parse::<crate::domain::CustomerSegment>().ok())
            .map(Into::into)
    }
}
