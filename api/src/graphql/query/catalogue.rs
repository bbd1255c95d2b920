//! The program catalogue, readable by anyone.

use async_graphql::{Context, Object};

use crate::graphql::context::catalogue;
use crate::graphql::object::catalogue::{
    Benefit, Certification, Designation, RuleSet, Specialization, Workload,
};
use crate::graphql::object::enums::DesignationCode;
use crate::graphql::policy::Policy;

/// Catalogue queries.
#[derive(Default)]
pub struct CatalogueQuery;

#[Object]
impl CatalogueQuery {
    /// The six Solutions Partner designations.
    #[graphql(
        guard = "Policy(\"Query.designations\")",
        complexity = "crate::graphql::limits::list(crate::graphql::limits::DESIGNATIONS, child_complexity)"
    )]
    async fn designations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Designation>> {
        Designation::all(ctx)
    }

    /// One designation.
    #[graphql(guard = "Policy(\"Query.designation\")")]
    async fn designation(
        &self,
        ctx: &Context<'_>,
        code: DesignationCode,
    ) -> async_graphql::Result<Designation> {
        Designation::of(ctx, code.into())
    }

    /// Every specialization with its prerequisite designations.
    #[graphql(
        guard = "Policy(\"Query.specializations\")",
        complexity = "crate::graphql::limits::list(crate::graphql::limits::CATALOGUE_LIST, child_complexity)"
    )]
    async fn specializations(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<Specialization>> {
        let cat = catalogue(ctx)?;
        Ok(cat
            .specializations
            .iter()
            .map(|s| Specialization::new(cat, s))
            .collect())
    }

    /// Every benefit of designations and specializations.
    #[graphql(
        guard = "Policy(\"Query.benefits\")",
        complexity = "crate::graphql::limits::list(crate::graphql::limits::CATALOGUE_LIST, child_complexity)"
    )]
    async fn benefits(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Benefit>> {
        Ok(catalogue(ctx)?.benefits.iter().map(Benefit::from).collect())
    }

    /// Every certification the catalogue knows.
    #[graphql(
        guard = "Policy(\"Query.certifications\")",
        complexity = "crate::graphql::limits::list(crate::graphql::limits::CATALOGUE_LIST, child_complexity)"
    )]
    async fn certifications(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Certification>> {
        Ok(catalogue(ctx)?
            .certifications
            .iter()
            .map(Certification::from)
            .collect())
    }

    /// Every workload code.
    #[graphql(
        guard = "Policy(\"Query.workloads\")",
        complexity = "crate::graphql::limits::list(crate::graphql::limits::CATALOGUE_LIST, child_complexity)"
    )]
    async fn workloads(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Workload>> {
        Ok(catalogue(ctx)?
            .workloads
            .iter()
            .map(Workload::from)
            .collect())
    }

    /// Every rule set, oldest first.
    #[graphql(
        guard = "Policy(\"Query.ruleSets\")",
        complexity = "crate::graphql::limits::list(crate::graphql::limits::CATALOGUE_LIST, child_complexity)"
    )]
    async fn rule_sets(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<RuleSet>> {
        Ok(catalogue(ctx)?
            .rule_sets
            .iter()
            .map(RuleSet::from)
            .collect())
    }
}
