//! The background drainer of `serve`: at start it queues the partners that have no score for the
//! latest stored month, then drains the refresh queue every few seconds and right after a local
//! write, so partners queued by another replica or an import get recomputed by whichever replica is
//! free. Replicas coordinate through the queue's claims (`db::scores`), never through memory.

use std::time::Duration;

use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use crate::db::scores::{self, Engine};

/// How often the queue is looked at when nothing woke the drainer.
pub const PERIOD: Duration = Duration::from_secs(5);

/// A running background drainer.
pub struct Drainer {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

/// Starts the background drainer, looking at the queue every `period`.
pub fn spawn(db: DatabaseConnection, engine: std::sync::Arc<Engine>, period: Duration) -> Drainer {
    let (stop, mut stopped) = watch::channel(false);
    let task = tokio::spawn(async move {
        // Scores made stale before a crash, by an interrupted import or by a new month of data.
        if let Err(e) = scores::queue_unscored(&db).await {
            tracing::error!(error = %e, "queueing unscored partners failed");
        }
        loop {
            let keep_going = || !*stopped.borrow();
            match scores::drain_while(&db, &engine, scores::BATCH, &keep_going).await {
                Ok(report) if report.partners > 0 => {
                    tracing::info!(%report, "stale scores recomputed");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "recomputing stale scores failed; retrying"),
            }
            tokio::select! {
                _ = tokio::time::sleep(period) => {}
                _ = scores::woken() => {}
                _ = stopped.changed() => {}
            }
            if *stopped.borrow() {
                break;
            }
        }
    });
    Drainer { stop, task }
}

impl Drainer {
    /// Stops after the batch in progress (its scores are stored and its claims settled), waiting at
    /// most `timeout`; a batch cut off then is left to the lease, and another drainer takes it over.
    pub async fn stop(self, timeout: Duration) {
        let _ = self.stop.send(true);
        let mut task = self.task;
        if tokio::time::timeout(timeout, &mut task).await.is_err() {
            tracing::warn!(
                "the score drainer did not stop in time; its claims expire with the lease"
            );
            task.abort();
        }
    }
}
