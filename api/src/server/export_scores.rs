//! `GET /export/scores?asOf=YYYY-MM[&designation=D][&format=csv|ndjson][&facts=true]`: every stored
//! score of a month in the caller's scope, streamed page by page (constant memory however many
//! partners), for reporting tools. Bearer authentication as for `/graphql`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use entities::{capability_scores, partners};
use futures::stream;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Deserialize;

use super::AppState;
use crate::db::partners::Scope;
use crate::domain::{DesignationCode, MetricCode, Month};
use crate::score::DesignationScore;

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
fn csv_line(partner: &partners::Model, s: &DesignationScore) -> String {
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

fn ndjson_line(partner: &partners::Model, mut s: DesignationScore, facts: bool) -> String {
    if !facts {
        s.facts.clear();
        for m in &mut s.metrics {
            m.facts.clear();
            for o in &mut m.options {
                o.facts.clear();
            }
        }
        for t in &mut s.tracks {
            t.facts.clear();
            for m in &mut t.metrics {
                m.facts.clear();
            }
        }
    }
    let mut value = serde_json::to_value(&s).unwrap_or_default();
    if let Some(obj) = value.as_object_mut() {
        obj.insert("partner_id".into(), partner.partner_id.clone().into());
        obj.insert("partner_name".into(), partner.name.clone().into());
    }
    format!("{value}\n")
}

struct Cursor {
    db: DatabaseConnection,
    condition: Condition,
    after: Option<(i64, String)>,
    format: Format,
    facts: bool,
    header_sent: bool,
    done: bool,
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
    let mut cond = c.condition.clone();
    if let Some((partner, code)) = &c.after {
        cond = cond.add(
            Condition::any()
                .add(capability_scores::Column::PartnerId.gt(*partner))
                .add(
                    Condition::all()
                        .add(capability_scores::Column::PartnerId.eq(*partner))
                        .add(capability_scores::Column::DesignationCode.gt(code.clone())),
                ),
        );
    }
    let rows = capability_scores::Entity::find()
        .find_also_related(partners::Entity)
        .filter(cond)
        .order_by_asc(capability_scores::Column::PartnerId)
        .order_by_asc(capability_scores::Column::DesignationCode)
        .limit(PAGE)
        .all(&c.db)
        .await;
    let rows = match rows {
        Ok(rows) => rows,
        Err(e) => {
            let err = crate::error::AppError::database(e);
            // The status line is gone; end the stream so the client sees a truncated body, and log why.
            tracing::error!(error = %err, "score export stopped");
            c.done = true;
            return Some((
                Err(actix_web::error::ErrorInternalServerError(err.to_string())),
                c,
            ));
        }
    };
    if (rows.len() as u64) < PAGE {
        c.done = true;
    }
    for (row, partner) in rows {
        c.after = Some((row.partner_id, row.designation_code.clone()));
        let (Some(partner), Ok(score)) = (
            partner,
            serde_json::from_str::<DesignationScore>(&row.breakdown),
        ) else {
            continue;
        };
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
    let mut condition =
        Condition::all().add(capability_scores::Column::Month.eq(as_of.first_day()));
    if let Some(d) = &params.designation {
        match d.parse::<DesignationCode>() {
            Ok(code) => {
                condition =
                    condition.add(capability_scores::Column::DesignationCode.eq(code.as_str()))
            }
            Err(e) => return bad(StatusCode::BAD_REQUEST, &format!("designation: {e}")),
        }
    }
    if let Scope::Partner(own) = scope {
        condition = condition.add(capability_scores::Column::PartnerId.eq(own));
    }
    let cursor = Cursor {
        db: state.db.clone(),
        condition,
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
