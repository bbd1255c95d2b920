//! The webhook deliverer of `serve`: claims due deliveries (`db::webhooks`), POSTs each event signed
//! in the Standard Webhooks scheme (`domain::signature`), and settles every attempt: delivered on a
//! 2xx answer, else retried after an exponential back-off. Replicas coordinate through the claims,
//! never through memory. Also prunes events older than [`KEEP_EVENTS`] once an hour.
//!
//! Only public addresses are reached unless `WEBHOOK_ALLOW_PRIVATE_TARGETS` is set: every name is
//! resolved through [`PublicOnly`], and literal addresses are checked before connecting. Redirects are
//! not followed.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use crate::config::WebhookSettings;
use crate::db::webhooks::{self, Claimed, Outcome, RetryPolicy};
use crate::domain::signature;

/// How often due deliveries are looked for when nothing woke the deliverer.
pub const PERIOD: Duration = Duration::from_secs(1);
/// Deliveries claimed at once.
const BATCH: u64 = 32;
/// Deliveries sent at once.
const PARALLEL: usize = 8;
/// How long a claim holds: far longer than an attempt's timeout.
const LEASE: Duration = Duration::from_secs(120);
/// How long events are kept once no delivery needs them.
pub const KEEP_EVENTS: Duration = Duration::from_secs(30 * 24 * 3600);

/// The retry policy of `settings`.
pub fn retry_policy(settings: &WebhookSettings) -> RetryPolicy {
    RetryPolicy {
        base: Duration::from_secs_f64(settings.retry_base_secs.clamp(0.01, 86_400.0)),
        max_wait: Duration::from_secs(settings.max_wait_secs.max(1)),
        max_attempts: settings.max_attempts.max(1),
    }
}

/// Whether `ip` is a public unicast address (not loopback, private, link-local, shared, unique
/// local, multicast, documentation or unspecified).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0)
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8)
        }
    }
}

/// A resolver that returns public addresses only.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = addrs
                .iter()
                .copied()
                .filter(|a| is_public(a.ip()))
                .collect();
            if public.is_empty() {
                return Err(format!(
                    "{host} resolves to no public address ({}); set \
                     WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow private ones",
                    addrs
                        .iter()
                        .map(|a| a.ip().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
                .into());
            }
            let addrs: reqwest::dns::Addrs = Box::new(public.into_iter());
            Ok(addrs)
        })
    }
}

/// The HTTP client deliveries go through.
pub fn client(settings: &WebhookSettings) -> reqwest::Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .timeout(Duration::from_secs(settings.timeout_secs))
        .connect_timeout(Duration::from_secs(settings.timeout_secs.min(5)))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("partnergraph-webhooks/", env!("CARGO_PKG_VERSION")));
    if !settings.allow_private_targets {
        builder = builder.dns_resolver(Arc::new(PublicOnly));
    }
    builder.build()
}

/// Sends one claimed delivery and says how it went.
pub async fn send(client: &reqwest::Client, settings: &WebhookSettings, c: &Claimed) -> Outcome {
    let failed = |error: String| Outcome {
        status_code: None,
        error: Some(error),
    };
    let url = match reqwest::Url::parse(&c.webhook.url) {
        Ok(u) => u,
        Err(e) => return failed(format!("the URL does not parse: {e}")),
    };
    let literal = match url.host() {
        Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
        _ => None,
    };
    if let Some(ip) = literal.filter(|ip| !settings.allow_private_targets && !is_public(*ip)) {
        return failed(format!(
            "{ip} is not a public address; set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow it"
        ));
    }
    let id = webhooks::message_id(&c.event);
    let body = match serde_json::to_vec(&webhooks::body(&c.event, c.partner.as_deref())) {
        Ok(b) => b,
        Err(e) => return failed(format!("the event does not serialize: {e}")),
    };
    let timestamp = chrono::Utc::now().timestamp();
    let Some(sig) = signature::sign(&c.webhook.secret, &id, timestamp, &body) else {
        return failed("the delivery could not be signed".into());
    };
    let sent = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", sig)
        .body(body)
        .send()
        .await;
    match sent {
        Ok(res) if res.status().is_success() => Outcome {
            status_code: Some(res.status().as_u16()),
            error: None,
        },
        Ok(res) => {
            let status = res.status();
            let why = if status.is_redirection() {
                format!("the receiver answered {status}; redirects are not followed")
            } else {
                format!("the receiver answered {status}")
            };
            Outcome {
                status_code: Some(status.as_u16()),
                error: Some(why),
            }
        }
        Err(e) if e.is_timeout() => failed(format!("no answer within {} s", settings.timeout_secs)),
        Err(e) => failed(format!("cannot deliver: {}", describe(&e))),
    }
}

/// An error with its causes, for the delivery log.
fn describe(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cause = c.source();
    }
    out
}

/// Claims and sends due deliveries until none is due; how many were attempted.
pub async fn deliver_due(
    db: &DatabaseConnection,
    client: &reqwest::Client,
    settings: &WebhookSettings,
) -> Result<usize, crate::error::AppError> {
    let policy = retry_policy(settings);
    let mut attempted = 0;
    loop {
        let claimed = webhooks::claim_due(db, BATCH, LEASE).await?;
        if claimed.is_empty() {
            return Ok(attempted);
        }
        attempted += claimed.len();
        let full = claimed.len() as u64 == BATCH;
        let attempts: Vec<(Claimed, Outcome)> = futures::stream::iter(claimed)
            .map(|c| async move {
                let outcome = send(client, settings, &c).await;
                crate::metrics::METRICS
                    .webhook_deliveries
                    .with_label_values(&[if outcome.error.is_none() {
                        "delivered"
                    } else {
                        "failed"
                    }])
                    .inc();
                if let Some(e) = &outcome.error {
                    tracing::info!(
                        webhook = c.webhook.id,
                        delivery = c.delivery.id,
                        attempt = c.delivery.attempts + 1,
                        error = %e,
                        "webhook delivery failed"
                    );
                }
                (c, outcome)
            })
            .buffer_unordered(PARALLEL)
            .collect()
            .await;
        // One commit for the batch: a crash before it sends the batch again after the lease, under
        // the same webhook-ids.
        webhooks::settle(db, &attempts, &policy).await?;
        if !full {
            return Ok(attempted);
        }
    }
}

/// A running deliverer.
pub struct Deliverer {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

/// Starts the deliverer.
pub fn spawn(db: DatabaseConnection, settings: WebhookSettings) -> std::io::Result<Deliverer> {
    let client = client(&settings).map_err(std::io::Error::other)?;
    let (stop, mut stopped) = watch::channel(false);
    let task = tokio::spawn(async move {
        let mut pruned = std::time::Instant::now();
        loop {
            if let Err(e) = deliver_due(&db, &client, &settings).await {
                tracing::warn!(error = %e, "delivering webhooks failed; retrying");
            }
            if pruned.elapsed() > Duration::from_secs(3600) {
                pruned = std::time::Instant::now();
                match webhooks::prune(&db, KEEP_EVENTS).await {
                    Ok(n) if n > 0 => tracing::info!(events = n, "old score events pruned"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "pruning score events failed"),
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(PERIOD) => {}
                _ = webhooks::woken() => {}
                _ = stopped.changed() => {}
            }
            if *stopped.borrow() {
                break;
            }
        }
    });
    Ok(Deliverer { stop, task })
}

impl Deliverer {
    /// Stops after the attempts in progress, waiting at most `timeout`; deliveries cut off then are
    /// left to their lease.
    pub async fn stop(self, timeout: Duration) {
        let _ = self.stop.send(true);
        let mut task = self.task;
        if tokio::time::timeout(timeout, &mut task).await.is_err() {
            task.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_unicast_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(!is_public(private.parse().expect("ip")), "{private}");
        }
        for public in ["8.8.8.8", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8"] {
            assert!(is_public(public.parse().expect("ip")), "{public}");
        }
    }
}
