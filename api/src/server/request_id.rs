//! Gives every request an id (or keeps a sane incoming `x-request-id`), opens a tracing span with it
//! so every log line of the request carries it, and returns it in the response header.

use std::future::{Ready, ready};

use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{Error, HttpMessage};
use futures::future::LocalBoxFuture;
use tracing::Instrument;

const HEADER: &str = "x-request-id";

/// Middleware factory.
pub struct RequestId;

/// The id of the request being served, for handlers (audit events record it).
#[derive(Debug, Clone)]
pub struct CurrentRequestId(pub String);

impl<S, B> Transform<S, ServiceRequest> for RequestId
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Transform = RequestIdMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(RequestIdMiddleware { service }))
    }
}

/// The middleware itself.
pub struct RequestIdMiddleware<S> {
    service: S,
}

/// Whether an incoming id is safe to echo into logs and headers.
fn acceptable(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl<S, B> Service<ServiceRequest> for RequestIdMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let id = req
            .headers()
            .get(HEADER)
            .and_then(|v| v.to_str().ok())
            .filter(|v| acceptable(v))
            .map(str::to_string)
            .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
        req.extensions_mut().insert(CurrentRequestId(id.clone()));
        let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.path());
        let started = std::time::Instant::now();
        let fut = self.service.call(req);
        Box::pin(
            async move {
                let mut res = fut.await?;
                tracing::info!(
                    status = res.status().as_u16(),
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    "served"
                );
                if let Ok(value) = HeaderValue::from_str(&id) {
                    res.headers_mut()
                        .insert(HeaderName::from_static(HEADER), value);
                }
                Ok(res)
            }
            .instrument(span),
        )
    }
}
