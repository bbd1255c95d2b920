//! The process's metrics, in one registry, rendered in the Prometheus text format by the metrics
//! listener (`METRICS_BIND`). Counters are bumped where things happen (the HTTP layer, the database
//! error mapping, the login limiter); gauges of the pool and the refresh queue are read when scraped.

use std::sync::LazyLock;

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};

/// Distinct operation names kept as label values; later ones are counted as `other`, so a client
/// sending random names cannot grow the registry without bound.
const MAX_OPERATION_NAMES: usize = 200;

/// Every metric of the process.
pub struct Metrics {
    registry: Registry,
    /// Requests by endpoint, operation and outcome code.
    pub requests: IntCounterVec,
    /// Request latency by endpoint and operation.
    pub latency: HistogramVec,
    /// Requests executing now.
    pub in_flight: IntGauge,
    /// Requests waiting for a slot now.
    pub waiting: IntGauge,
    /// Requests refused because the server was overloaded, or cut off for taking too long, by reason.
    pub overload: IntCounterVec,
    /// Login attempts refused by the limiter.
    pub rate_limited: IntCounter,
    /// Webhook delivery attempts by outcome (`delivered`, `failed`).
    pub webhook_deliveries: IntCounterVec,
    /// Database statements cut off by the statement timeout (or a lock wait that timed out).
    pub statement_timeouts: IntCounter,
    /// Database connections that could not be had within the acquire timeout.
    pub pool_timeouts: IntCounter,
    /// Pool connections by state (`in_use`, `idle`), read at scrape time.
    pub pool: IntGaugeVec,
    /// Most connections the pool opens.
    pub pool_max: IntGauge,
    /// Partners whose stored scores wait to be recomputed, read at scrape time.
    pub queue_depth: IntGauge,
    /// Seconds the oldest of them has waited.
    pub queue_age: IntGauge,
    /// Webhook deliveries not yet delivered (nor failed), read at scrape time.
    pub deliveries_pending: IntGauge,
    /// Seconds the oldest of them is past its first due time.
    pub deliveries_age: IntGauge,
    operations: std::sync::Mutex<std::collections::HashSet<String>>,
}

fn counter_vec(registry: &Registry, name: &str, help: &str, labels: &[&str]) -> IntCounterVec {
    let c = IntCounterVec::new(Opts::new(name, help), labels).unwrap_or_else(|_| unreachable());
    let _ = registry.register(Box::new(c.clone()));
    c
}

fn counter(registry: &Registry, name: &str, help: &str) -> IntCounter {
    let c = IntCounter::new(name, help).unwrap_or_else(|_| unreachable());
    let _ = registry.register(Box::new(c.clone()));
    c
}

fn gauge(registry: &Registry, name: &str, help: &str) -> IntGauge {
    let g = IntGauge::new(name, help).unwrap_or_else(|_| unreachable());
    let _ = registry.register(Box::new(g.clone()));
    g
}

/// The metric definitions above are constants: building them cannot fail.
#[allow(clippy::panic)]
fn unreachable() -> ! {
    panic!("a metric definition is invalid")
}

impl Metrics {
    fn new() -> Self {
        let registry = Registry::new_custom(Some("partnergraph".into()), None)
            .unwrap_or_else(|_| Registry::new());
        let latency = HistogramVec::new(
            HistogramOpts::new("request_duration_seconds", "Time to answer a request.").buckets(
                vec![
                    0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
                ],
            ),
            &["endpoint", "operation"],
        )
        .unwrap_or_else(|_| unreachable());
        let _ = registry.register(Box::new(latency.clone()));
        let pool = IntGaugeVec::new(
            Opts::new("db_pool_connections", "Database pool connections by state."),
            &["state"],
        )
        .unwrap_or_else(|_| unreachable());
        let _ = registry.register(Box::new(pool.clone()));
        Self {
            requests: counter_vec(
                &registry,
                "requests_total",
                "Requests answered, by endpoint, operation name and outcome code.",
                &["endpoint", "operation", "code"],
            ),
            latency,
            in_flight: gauge(&registry, "requests_in_flight", "Requests executing now."),
            waiting: gauge(
                &registry,
                "requests_waiting",
                "Requests waiting for a free slot now.",
            ),
            overload: counter_vec(
                &registry,
                "overload_refusals_total",
                "Requests refused with 503: queue full, no slot in time, or cut off by the request timeout.",
                &["reason"],
            ),
            rate_limited: counter(
                &registry,
                "rate_limit_refusals_total",
                "Login attempts refused by the failed-login back-off.",
            ),
            webhook_deliveries: counter_vec(
                &registry,
                "webhook_delivery_attempts_total",
                "Webhook delivery attempts, by outcome: delivered (2xx) or failed (retried later).",
                &["outcome"],
            ),
            statement_timeouts: counter(
                &registry,
                "db_statement_timeouts_total",
                "Database statements cut off by the statement or lock timeout.",
            ),
            pool_timeouts: counter(
                &registry,
                "db_pool_acquire_timeouts_total",
                "Requests that got no database connection within the acquire timeout.",
            ),
            pool,
            pool_max: gauge(
                &registry,
                "db_pool_max_connections",
                "Most connections the pool opens.",
            ),
            queue_depth: gauge(
                &registry,
                "refresh_queue_partners",
                "Partners whose stored scores wait to be recomputed.",
            ),
            queue_age: gauge(
                &registry,
                "refresh_queue_oldest_seconds",
                "Seconds the longest-waiting partner has been queued.",
            ),
            deliveries_pending: gauge(
                &registry,
                "webhook_deliveries_pending",
                "Webhook deliveries waiting to be delivered (retried after failures included).",
            ),
            deliveries_age: gauge(
                &registry,
                "webhook_deliveries_oldest_seconds",
                "Seconds since the oldest pending webhook delivery was queued.",
            ),
            registry,
            operations: std::sync::Mutex::new(std::collections::HashSet::new()),
        }
    }

    /// The label value for a client's operation name: the name (up to 64 characters of `[A-Za-z0-9_]`),
    /// `anonymous` without one, `other` once [`MAX_OPERATION_NAMES`] names have been seen.
    pub fn operation_label(&self, name: Option<&str>) -> String {
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            return "anonymous".into();
        };
        let clean: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(64)
            .collect();
        if clean.is_empty() {
            return "other".into();
        }
        let mut seen = self
            .operations
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if seen.contains(&clean) {
            return clean;
        }
        if seen.len() >= MAX_OPERATION_NAMES {
            return "other".into();
        }
        seen.insert(clean.clone());
        clean
    }

    /// Counts one answered request.
    pub fn observe(&self, endpoint: &str, operation: &str, code: &str, seconds: f64) {
        self.requests
            .with_label_values(&[endpoint, operation, code])
            .inc();
        self.latency
            .with_label_values(&[endpoint, operation])
            .observe(seconds);
    }

    /// Everything, in the Prometheus text format.
    pub fn render(&self) -> String {
        let mut buf = Vec::new();
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut buf);
        String::from_utf8(buf).unwrap_or_default()
    }
}

/// The process's metrics.
pub static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_are_cleaned_and_their_number_bounded() {
        let m = Metrics::new();
        assert_eq!(m.operation_label(None), "anonymous");
        assert_eq!(m.operation_label(Some("PartnerPage")), "PartnerPage");
        assert_eq!(m.operation_label(Some("a\"b{c}")), "abc");
        for i in 0..(MAX_OPERATION_NAMES + 10) {
            m.operation_label(Some(&format!("op{i}")));
        }
        assert_eq!(m.operation_label(Some("fresh")), "other");
        assert_eq!(m.operation_label(Some("PartnerPage")), "PartnerPage");
    }

    #[test]
    fn the_text_format_names_every_metric_with_the_prefix() {
        let m = Metrics::new();
        m.observe("graphql", "anonymous", "OK", 0.01);
        m.overload.with_label_values(&["queue_full"]).inc();
        let text = m.render();
        for name in [
            "partnergraph_requests_total{code=\"OK\",endpoint=\"graphql\",operation=\"anonymous\"} 1",
            "partnergraph_request_duration_seconds_bucket",
            "partnergraph_overload_refusals_total{reason=\"queue_full\"} 1",
        ] {
            assert!(text.contains(name), "{name} missing in\n{text}");
        }
    }
}
