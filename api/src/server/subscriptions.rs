//! GraphQL subscriptions over WebSocket at `/graphql` (`graphql-transport-ws`, and the older
//! `graphql-ws`). A connection signs in with its `connection_init` payload (`{"Authorization":
//! "Bearer …"}`, or the upgrade request's `Authorization` header), within [`INIT_TIMEOUT`]; a
//! connection without valid credentials is closed (4403). Each operation is measured and checked
//! like one over HTTP before it runs; only subscriptions run here (queries and mutations go over
//! HTTP), at most [`MAX_PER_CONNECTION`] at once per connection and [`MAX_CONNECTIONS`] connections
//! per process. Connections are outside the admission queue: they wait on events, not on work.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use async_graphql::parser::types::OperationType;
use async_graphql::{Data, Executor, Request, Response, ServerError};
use futures::stream::BoxStream;
use futures::{FutureExt, Stream, StreamExt};

use super::AppState;
use crate::auth::authenticate_cached;
use crate::graphql::context::RequestData;
use crate::graphql::error::code;
use crate::graphql::loader::Loaders;

/// WebSocket connections one process holds at once; more are refused with 503.
pub const MAX_CONNECTIONS: usize = 1000;
/// Subscriptions running at once on one connection.
pub const MAX_PER_CONNECTION: usize = 20;
/// How long a connection may wait before it signs in.
pub const INIT_TIMEOUT: Duration = Duration::from_secs(10);

static CONNECTIONS: AtomicUsize = AtomicUsize::new(0);

/// Whether a request asks to upgrade to WebSocket.
pub fn is_upgrade(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head()
        .headers()
        .get(actix_web::http::header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

fn refusal(code: &str, message: impl Into<String>) -> Response {
    let mut err = ServerError::new(message, None);
    let mut ext = async_graphql::ErrorExtensionValues::default();
    ext.set("code", code);
    err.extensions = Some(ext);
    Response::from_errors(vec![err])
}

/// How many subscriptions a connection runs now.
#[derive(Default)]
struct Running(AtomicUsize);

/// The executor of WebSocket operations: checks, then runs subscriptions on the run schema.
#[derive(Clone)]
struct Guarded(crate::graphql::AppSchema);

impl Executor for Guarded {
    async fn execute(&self, _request: Request) -> Response {
        refusal(
            code::BAD_USER_INPUT,
            "send queries and mutations over HTTP POST; WebSocket carries subscriptions",
        )
    }

    fn execute_stream(
        &self,
        mut request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        let refuse = |code: &str, message: String| {
            futures::stream::once(std::future::ready(refusal(code, message))).boxed()
        };
        let doc = match async_graphql::parser::parse_query(&request.query) {
            Ok(doc) => doc,
            Err(e) => return refuse(code::BAD_USER_INPUT, e.to_string()),
        };
        let subscription = match doc.operations.iter().find(|(name, _)| {
            request
                .operation_name
                .as_deref()
                .is_none_or(|n| name.is_some_and(|name| name.as_str() == n))
        }) {
            Some((_, op)) => op.node.ty == OperationType::Subscription,
            None => false,
        };
        if !subscription {
            return refuse(
                code::BAD_USER_INPUT,
                "send queries and mutations over HTTP POST; WebSocket carries subscriptions".into(),
            );
        }
        if let Err(refused) = crate::graphql::limits::shape(&doc) {
            return refuse(refused.code(), refused.to_string());
        }
        if let Err(message) = crate::graphql::input::check(
            &doc,
            request.operation_name.as_deref(),
            &request.variables,
        ) {
            return refuse(code::BAD_USER_INPUT, message);
        }
        let session = session_data.unwrap_or_default();
        let Some(running) = session.get(&std::any::TypeId::of::<Arc<Running>>()) else {
            return refuse(code::UNAUTHENTICATED, "sign in first".into());
        };
        let Some(running) = running.downcast_ref::<Arc<Running>>().cloned() else {
            return refuse(code::UNAUTHENTICATED, "sign in first".into());
        };
        if running.0.fetch_add(1, Ordering::SeqCst) >= MAX_PER_CONNECTION {
            running.0.fetch_sub(1, Ordering::SeqCst);
            return refuse(
                code::QUERY_TOO_COMPLEX,
                format!("at most {MAX_PER_CONNECTION} subscriptions at once on one connection"),
            );
        }
        request.set_parsed_query(doc);
        let stream = self.0.execute_stream_with_session_data(request, session);
        Counted {
            inner: stream,
            running,
        }
        .boxed()
    }
}

/// A subscription's stream, counted on its connection until dropped.
struct Counted {
    inner: BoxStream<'static, Response>,
    running: Arc<Running>,
}

impl Stream for Counted {
    type Item = Response;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Response>> {
        self.inner.poll_next_unpin(cx)
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.running.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The client's frames, ended when the connection has not signed in within [`INIT_TIMEOUT`]; counts
/// the connection while it lives.
struct Frames<S> {
    inner: S,
    signed_in: Arc<AtomicBool>,
    deadline: Pin<Box<tokio::time::Sleep>>,
}

impl<S: Stream + Unpin> Stream for Frames<S> {
    type Item = S::Item;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        if !self.signed_in.load(Ordering::SeqCst) && self.deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        self.inner.poll_next_unpin(cx)
    }
}

impl<S> Drop for Frames<S> {
    fn drop(&mut self) {
        CONNECTIONS.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The bearer credentials of a `connection_init` payload: `Authorization` (any case) or `token`.
fn credentials(payload: &serde_json::Value) -> Option<String> {
    let object = payload.as_object()?;
    for (key, value) in object {
        if key.eq_ignore_ascii_case("authorization")
            && let Some(v) = value.as_str()
        {
            return Some(v.to_string());
        }
    }
    object
        .get("token")
        .and_then(|t| t.as_str())
        .map(|t| format!("Bearer {t}"))
}

/// GET `/graphql` with `Upgrade: websocket`.
pub async fn upgrade(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> actix_web::Result<HttpResponse> {
    if CONNECTIONS.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
        CONNECTIONS.fetch_sub(1, Ordering::SeqCst);
        return Ok(super::plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "too many subscription connections; try again later",
        ));
    }
    let signed_in = Arc::new(AtomicBool::new(false));
    // From here on, dropping the frames gives the connection's count back.
    let frames = Frames {
        inner: payload,
        signed_in: signed_in.clone(),
        deadline: Box::pin(tokio::time::sleep(INIT_TIMEOUT)),
    };
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let schema = Guarded(state.schema.subscriptions());
    let state = state.into_inner();
    let on_init = move |init: serde_json::Value| {
        async move {
            let authorization = credentials(&init).or(header);
            let caller = authenticate_cached(
                &state.db,
                &state.graphql.keys,
                &state.graphql.callers,
                authorization.as_deref(),
            )
            .await
            .map_err(|e| async_graphql::Error::new(crate::graphql::error::from_auth(e).message))?;
            if caller.role.is_none() {
                return Err(async_graphql::Error::new(
                    "authentication required: send {\"Authorization\": \"Bearer <token>\"} as the connection_init payload",
                ));
            }
            let mut data = Data::default();
            data.insert(RequestData::new(
                caller,
                Loaders::new(state.db.clone(), state.graphql.engine.clone()),
            ));
            data.insert(Arc::new(Running::default()));
            if let Some(a) = authorization {
                data.insert(crate::graphql::subscription::SessionCredentials(a));
            }
            signed_in.store(true, Ordering::SeqCst);
            Ok(data)
        }
        .boxed()
    };
    async_graphql_actix_web::GraphQLSubscription::new(schema)
        .on_connection_init(on_init)
        .keepalive_timeout(Duration::from_secs(30))
        .start(&req, frames)
}
