//! Load shedding: at most `CONCURRENCY_LIMIT` (default 4 per core) requests to `/graphql` and the exports execute at once;
//! up to `QUEUE_LIMIT` more wait, each at most `QUEUE_TIMEOUT_MS`, for a slot. A request past either
//! bound is answered at once with 503 and `Retry-After`, so under overload callers learn quickly to
//! come back instead of everyone waiting seconds for an answer. Health, readiness and the admin UI's
//! files are never queued.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse};
use tokio::sync::Semaphore;

use crate::config::Limits;
use crate::metrics::METRICS;

/// Seconds a refused caller is told to wait.
pub const RETRY_AFTER_SECS: u64 = 1;

/// The slots and the queue in front of them.
#[derive(Debug)]
pub struct Admission {
    slots: Arc<Semaphore>,
    waiting: AtomicU32,
    queue_limit: u32,
    queue_timeout: Duration,
}

impl Admission {
    /// Slots and queue as configured.
    pub fn new(limits: &Limits) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(limits.concurrency().max(1) as usize)),
            waiting: AtomicU32::new(0),
            queue_limit: limits.queue_limit,
            queue_timeout: Duration::from_millis(limits.queue_timeout_ms),
        }
    }

    /// A slot, now or after a bounded wait; `Err` with the reason when there is none.
    async fn admit(&self) -> Result<tokio::sync::OwnedSemaphorePermit, &'static str> {
        if let Ok(permit) = self.slots.clone().try_acquire_owned() {
            return Ok(permit);
        }
        // Join the queue only while it has room.
        let joined = self
            .waiting
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.queue_limit).then_some(n + 1)
            })
            .is_ok();
        if !joined {
            return Err("queue_full");
        }
        METRICS.waiting.inc();
        let got =
            tokio::time::timeout(self.queue_timeout, self.slots.clone().acquire_owned()).await;
        self.waiting.fetch_sub(1, Ordering::AcqRel);
        METRICS.waiting.dec();
        match got {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err("queue_timeout"),
        }
    }
}

/// The answer to a request the server cannot take now: 503, `Retry-After`, and the GraphQL error
/// shape with code `UNAVAILABLE` (the exports' clients read the same JSON).
pub fn unavailable(message: &str) -> HttpResponse {
    HttpResponse::ServiceUnavailable()
        .insert_header(("Retry-After", RETRY_AFTER_SECS.to_string()))
        .json(serde_json::json!({
            "errors": [{"message": message, "extensions": {"code": crate::graphql::error::code::UNAVAILABLE}}],
        }))
}

/// The middleware: admits, or refuses with [`unavailable`]. Wraps the GraphQL and export routes.
pub async fn admit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(admission) = req
        .app_data::<actix_web::web::Data<Arc<Admission>>>()
        .cloned()
    else {
        return next.call(req).await.map(|r| r.map_into_boxed_body());
    };
    match admission.admit().await {
        Ok(permit) => {
            METRICS.in_flight.inc();
            let res = next.call(req).await;
            METRICS.in_flight.dec();
            drop(permit);
            res.map(|r| r.map_into_boxed_body())
        }
        Err(reason) => {
            METRICS.overload.with_label_values(&[reason]).inc();
            tracing::warn!(reason, "request refused: the server is at its limit");
            let (req, _) = req.into_parts();
            Ok(ServiceResponse::new(
                req,
                unavailable("the server is busy; try again in a moment"),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(concurrency: u32, queue: u32, timeout_ms: u64) -> Limits {
        Limits {
            concurrency_limit: Some(concurrency),
            queue_limit: queue,
            queue_timeout_ms: timeout_ms,
            ..Limits::default()
        }
    }

    #[tokio::test]
    async fn a_free_slot_admits_at_once_and_a_full_queue_refuses_at_once() {
        let a = Admission::new(&limits(1, 1, 60_000));
        let first = a.admit().await.unwrap();
        // The second waits in the queue; the third finds the queue full.
        let a = Arc::new(a);
        let waiter = {
            let a = a.clone();
            tokio::spawn(async move { a.admit().await.map(drop) })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        let started = std::time::Instant::now();
        assert_eq!(a.admit().await.err(), Some("queue_full"));
        assert!(started.elapsed() < Duration::from_millis(50));
        drop(first);
        assert!(
            waiter.await.unwrap().is_ok(),
            "the queued request gets the slot"
        );
    }

    #[tokio::test]
    async fn a_request_that_waits_past_the_queue_timeout_is_refused() {
        let a = Admission::new(&limits(1, 8, 30));
        let _held = a.admit().await.unwrap();
        assert_eq!(a.admit().await.err(), Some("queue_timeout"));
        assert_eq!(a.waiting.load(Ordering::Acquire), 0);
    }
}
