//! `GET /export/audit?partnerId=&professionalId=&actor=&action=&from=&to=`: the audit events the
//! `auditEvents` query would return for the same filter, newest first, as CSV with a header row,
//! streamed page by page. Bearer authentication and scope as for `/graphql` (a partner admin gets
//! its partner's events; naming another partner is 403). `from` and `to` are RFC 3339 instants or
//! days (`YYYY-MM-DD`, midnight UTC); `from` is inclusive, `to` exclusive.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use futures::stream;
use sea_orm::DatabaseConnection;
use serde::Deserialize;

use super::AppState;
use crate::db::audit::{self, AuditFilter, EventRow, FilterKeys, Resolved};
use crate::db::partners::Scope;
use crate::domain::csv::{self, Line};

/// Events read per page.
const PAGE: u64 = 500;

/// Query parameters.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditParams {
    partner_id: Option<String>,
    professional_id: Option<String>,
    actor: Option<String>,
    action: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// The routes of this module.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/export/audit", web::get().to(audit_csv));
}

use super::plain as refuse;

fn instant(text: &Option<String>, name: &str) -> Result<Option<DateTime<Utc>>, String> {
    let Some(t) = text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Ok(Some(d.with_timezone(&Utc)));
    }
    if let Ok(day) = t.parse::<NaiveDate>() {
        return Ok(Some(day.and_time(chrono::NaiveTime::MIN).and_utc()));
    }
    Err(format!(
        "{name}: must be an RFC 3339 instant or a day YYYY-MM-DD, got {t:?}"
    ))
}

struct Cursor {
    db: DatabaseConnection,
    scope: Scope,
    filter: Option<AuditFilter>,
    after: Option<i64>,
    header_sent: bool,
    done: bool,
}

/// The columns of the audit export.
const CSV_HEADER: [&str; 12] = [
    "id",
    "occurred_at",
    "actor",
    "action",
    "entity_type",
    "entity_key",
    "partner_id",
    "professional_id",
    "before",
    "after",
    "score_impact",
    "request_id",
];

/// One event as a line of the export, in the order of [`CSV_HEADER`].
fn csv_line(row: &EventRow) -> String {
    let e = &row.event;
    Line::new()
        .value(e.id)
        .value(
            e.occurred_at
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        )
        .text(&e.actor)
        .text(&e.action)
        .text(&e.entity_type)
        .text(&e.entity_key)
        .text_or_empty(row.partner_code.as_deref())
        .text_or_empty(row.professional_code.as_deref())
        .text_or_empty(e.before_state.as_deref())
        .text_or_empty(e.after_state.as_deref())
        .text_or_empty(e.score_impact.as_deref())
        .text_or_empty(e.request_id.as_deref())
        .end()
}

async fn next_page(mut c: Cursor) -> Option<(Result<web::Bytes, actix_web::Error>, Cursor)> {
    if c.done {
        return None;
    }
    let header = !c.header_sent;
    c.header_sent = true;
    let mut text = if header {
        csv::header(&CSV_HEADER)
    } else {
        String::new()
    };
    if let Some(filter) = &c.filter {
        match audit::page(&c.db, c.scope, filter, c.after, PAGE).await {
            Ok((rows, more)) => {
                c.done = !more;
                c.after = rows.last().map(|r| r.event.id).or(c.after);
                text.extend(rows.iter().map(csv_line));
            }
            Err(err) => {
                // The status line is gone; end the stream so the client sees a truncated body.
                tracing::error!(error = %err, "audit export stopped");
                c.done = true;
                return Some((
                    Err(actix_web::error::ErrorInternalServerError(err.to_string())),
                    c,
                ));
            }
        }
    } else {
        c.done = true;
    }
    Some((Ok(web::Bytes::from(text)), c))
}

/// The handler.
pub async fn audit_csv(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: web::Query<AuditParams>,
) -> HttpResponse {
    let scope = match super::bearer_scope(&state, &req, "audit events").await {
        Ok((_, scope)) => scope,
        Err(answer) => return answer,
    };
    let params = params.into_inner();
    let (from, to) = match (instant(&params.from, "from"), instant(&params.to, "to")) {
        (Ok(f), Ok(t)) => (f, t),
        (Err(m), _) | (_, Err(m)) => return refuse(StatusCode::BAD_REQUEST, &m),
    };
    let keys = FilterKeys {
        partner_id: params.partner_id,
        professional_id: params.professional_id,
        actor: params.actor,
        from,
        to,
        action: params.action,
    };
    let filter = match audit::resolve_filter(&state.db, scope, keys).await {
        Ok(Resolved::Filter(f)) => Some(f),
        Ok(Resolved::Nothing) => None,
        Ok(Resolved::Forbidden) => {
            return refuse(
                StatusCode::FORBIDDEN,
                "you may export your own partner's audit events only",
            );
        }
        Err(e) => {
            return refuse(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string());
        }
    };
    let cursor = Cursor {
        db: state.db.clone(),
        scope,
        filter,
        after: None,
        header_sent: false,
        done: false,
    };
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"audit-events.csv\"",
        ))
        .streaming(stream::unfold(cursor, next_page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_rfc_3339_or_days_at_midnight_utc() {
        let got = instant(&Some("2024-06-01".into()), "from").ok().flatten();
        assert_eq!(
            got.map(|d| d.to_rfc3339()),
            Some("2024-06-01T00:00:00+00:00".into())
        );
        let got = instant(&Some("2024-06-01T10:00:00+02:00".into()), "to")
            .ok()
            .flatten();
        assert_eq!(
            got.map(|d| d.to_rfc3339()),
            Some("2024-06-01T08:00:00+00:00".into())
        );
        assert_eq!(instant(&None, "from"), Ok(None));
        assert!(instant(&Some("yesterday".into()), "from").is_err());
    }

    #[test]
    fn an_event_is_one_line_with_its_text_defused_and_quoted() {
        let row = EventRow {
            event: crate::db::model::AuditEvent {
                id: 7,
                occurred_at: "2024-06-01T08:00:00Z".parse().expect("instant"),
                actor_user_id: None,
                actor: "=cmd()".into(),
                action: "a,b".into(),
                entity_type: "professional".into(),
                entity_key: "PRO-1".into(),
                partner_id: None,
                professional_id: None,
                before_state: None,
                after_state: Some("{\"x\":\"y\"}".into()),
                score_impact: None,
                request_id: None,
            },
            partner_code: Some("P-1".into()),
            professional_code: None,
        };
        assert_eq!(
            csv::header(&CSV_HEADER),
            "id,occurred_at,actor,action,entity_type,entity_key,partner_id,professional_id,before,after,score_impact,request_id\n"
        );
        assert_eq!(
            csv_line(&row),
            "7,2024-06-01T08:00:00.000000Z,'=cmd(),\"a,b\",professional,PRO-1,P-1,,,\"{\"\"x\"\":\"\"y\"\"}\",,\n"
        );
    }
}
