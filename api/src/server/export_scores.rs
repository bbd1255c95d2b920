//! `GET /export/scores?asOf=YYYY-MM[&designation=D][&format=csv|ndjson][&facts=true]`: every score of
//! a month in the caller's scope, streamed page by page (constant memory however many partners), for
//! reporting tools: the pages of the bulk connection ([`crate::db::scores::page`]), so both list the
//! same scores. Bearer authentication as for `/graphql`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use std::collections::HashMap;
use std::sync::Arc;

use futures::stream;
use sea_orm::DatabaseConnection;
use serde::Deserialize;

use super::AppState;
use crate::db::model::Partner;
use crate::db::partners::{self, Scope};
use crate::db::scores::{self, Detail, ScoreCursor, ScoreFilter};
use crate::domain::{DesignationCode, MetricCode, Month};
use crate::error::AppError;
use crate::score::{DesignationScore, Engine};

/// Rows read per page.
const PAGE: u64 = 500;

/// Query parameters.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportParams {
    as_of: String,
    designation: Option<String>,
    format: Option<String>,
    facts: Option<bool>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Ndjson,
}

use super::plain as bad;

use crate::domain::csv::{self, Line};

/// The columns of the score export.
const CSV_HEADER: [&str; 13] = [
    "partner_id",
    "partner_name",
    "designation",
    "as_of",
    "rule_set",
    "track",
    "total",
    "meets_requirements",
    "net_customer_adds",
    "intermediate_certifications",
    "advanced_certifications",
    "usage_growth",
    "deployments",
];

/// One score as a line of the export, in the order of [`CSV_HEADER`].
fn csv_line(partner: &Partner, s: &DesignationScore) -> String {
    let metric = |m: MetricCode| {
        s.metric(m)
            .map(|x| format!("{:.2}", x.points))
            .unwrap_or_default()
    };
    Line::new()
        .text(&partner.partner_id)
        .text(&partner.name)
        .value(s.designation)
        .value(s.as_of)
        .value(&s.rule_set)
        .value(s.track.as_deref().unwrap_or(""))
        .value(format!("{:.2}", s.total))
        .value(s.meets_requirements)
        .value(metric(MetricCode::NetCustomerAdds))
        .value(metric(MetricCode::IntermediateCertifications))
        .value(metric(MetricCode::AdvancedCertifications))
        .value(metric(MetricCode::UsageGrowth))
        .value(metric(MetricCode::Deployments))
        .end()
}

/// One score as a JSON line, with its facts or without.
fn ndjson_line(partner: &Partner, s: DesignationScore, facts: bool) -> String {
    let s = if facts { s } else { s.without_facts() };
    let mut value = serde_json::to_value(&s).unwrap_or_default();
    if let Some(obj) = value.as_object_mut() {
        obj.insert("partner_id".into(), partner.partner_id.clone().into());
        obj.insert("partner_name".into(), partner.name.clone().into());
    }
    format!("{value}\n")
}

struct Cursor {
    db: DatabaseConnection,
    engine: Arc<Engine>,
    scope: Scope,
    month: Month,
    filter: ScoreFilter,
    after: Option<ScoreCursor>,
    format: Format,
    facts: bool,
    header_sent: bool,
    done: bool,
}

/// A page of scores with the PartnerID and name of their partners, where the next page starts, and
/// whether there is one.
type Page = (
    Vec<(Arc<Partner>, DesignationScore)>,
    Option<ScoreCursor>,
    bool,
);

async fn read_page(c: &Cursor) -> Result<Page, AppError> {
    let (rows, more) = scores::page(
        &c.db,
        &c.engine,
        c.scope,
        c.month,
        &c.filter,
        c.after.clone(),
        PAGE,
        // The CSV holds each metric's points; a JSON line holds the whole score.
        match c.format {
            Format::Csv => Detail::Points,
            Format::Ndjson => Detail::Facts,
        },
    )
    .await?;
    let next = rows.last().map(scores::ListedScore::cursor);
    let mut ids: Vec<i64> = rows.iter().map(|r| r.partner).collect();
    ids.dedup();
    let names: HashMap<i64, Arc<Partner>> = partners::by_ids(&c.db, c.scope, &ids)
        .await?
        .into_iter()
        .map(|p| (p.id, Arc::new(p)))
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(named) = names.get(&row.partner) {
            out.push((named.clone(), row.score));
        }
    }
    Ok((out, next, more))
}

async fn next_page(mut c: Cursor) -> Option<(Result<web::Bytes, actix_web::Error>, Cursor)> {
    if c.done {
        return None;
    }
    let mut out = String::new();
    if c.format == Format::Csv && !c.header_sent {
        out.push_str(&csv::header(&CSV_HEADER));
        c.header_sent = true;
    }
    let (rows, next, more) = match read_page(&c).await {
        Ok(page) => page,
        Err(err) => {
            // The status line is gone; end the stream so the client sees a truncated body, and log why.
            tracing::error!(error = %err, "score export stopped");
            c.done = true;
            return Some((
                Err(actix_web::error::ErrorInternalServerError(err.to_string())),
                c,
            ));
        }
    };
    c.done = !more;
    c.after = next;
    for (partner, score) in rows {
        match c.format {
            Format::Csv => out.push_str(&csv_line(&partner, &score)),
            Format::Ndjson => out.push_str(&ndjson_line(&partner, score, c.facts)),
        }
    }
    Some((Ok(web::Bytes::from(out)), c))
}

/// The handler.
pub async fn export(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<ExportParams>,
) -> HttpResponse {
    use actix_web::http::StatusCode;
    let scope = match super::bearer_scope(&state, &req, "scores").await {
        Ok((_, scope)) => scope,
        Err(answer) => return answer,
    };
    let Ok(as_of) = params.as_of.parse::<Month>() else {
        return bad(
            StatusCode::BAD_REQUEST,
            &format!("asOf: must be a month YYYY-MM, got {:?}", params.as_of),
        );
    };
    let format = match params.format.as_deref().unwrap_or("csv") {
        "csv" => Format::Csv,
        "ndjson" => Format::Ndjson,
        other => {
            return bad(
                StatusCode::BAD_REQUEST,
                &format!("format: must be csv or ndjson, got {other:?}"),
            );
        }
    };
    let designation = match params
        .designation
        .as_deref()
        .map(str::parse::<DesignationCode>)
    {
        None => None,
        Some(Ok(code)) => Some(code),
        Some(Err(e)) => return bad(StatusCode::BAD_REQUEST, &format!("designation: {e}")),
    };
    let cursor = Cursor {
        db: state.db.clone(),
        engine: state.graphql.engine.clone(),
        scope,
        month: as_of,
        filter: ScoreFilter {
            designation,
            ..ScoreFilter::default()
        },
        after: None,
        format,
        facts: params.facts.unwrap_or(false),
        header_sent: false,
        done: false,
    };
    let (content_type, ext) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Ndjson => ("application/x-ndjson", "ndjson"),
    };
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"scores-{as_of}.{ext}\""),
        ))
        .streaming(stream::unfold(cursor, next_page))
}
