//! A webhook receiver for the alert tests: a real HTTP server on port 0 that records every delivery
//! (headers and body) and answers 204 while up, 503 while down.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};

/// One delivery as received.
#[derive(Debug, Clone)]
pub struct Received {
    /// `webhook-id`.
    pub id: String,
    /// `webhook-timestamp`.
    pub timestamp: i64,
    /// `webhook-signature`.
    pub signature: String,
    /// The body.
    pub body: Vec<u8>,
}

impl Received {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

#[derive(Default)]
struct State {
    up: AtomicBool,
    refused: AtomicUsize,
    received: Mutex<Vec<Received>>,
}

/// A running receiver.
pub struct Receiver {
    /// Where to send: `http://127.0.0.1:PORT/hook`.
    pub url: String,
    state: Arc<State>,
    handle: actix_web::dev::ServerHandle,
}

async fn hook(state: web::Data<Arc<State>>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    if !state.up.load(Ordering::SeqCst) {
        state.refused.fetch_add(1, Ordering::SeqCst);
        return HttpResponse::ServiceUnavailable().finish();
    }
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let received = Received {
        id: header("webhook-id"),
        timestamp: header("webhook-timestamp").parse().unwrap_or(0),
        signature: header("webhook-signature"),
        body: body.to_vec(),
    };
    if let Ok(mut list) = state.received.lock() {
        list.push(received);
    }
    HttpResponse::NoContent().finish()
}

impl Receiver {
    /// Starts a receiver, up (answering 204) or down (503).
    pub fn start(up: bool) -> std::io::Result<Self> {
        let state = Arc::new(State::default());
        state.up.store(up, Ordering::SeqCst);
        let data = web::Data::new(state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .route("/hook", web::post().to(hook))
        })
        .workers(1)
        .bind("127.0.0.1:0")?;
        let addr = server
            .addrs()
            .first()
            .copied()
            .ok_or_else(|| std::io::Error::other("no address"))?;
        let server = server.run();
        let handle = server.handle();
        tokio::spawn(server);
        Ok(Self {
            url: format!("http://{addr}/hook"),
            state,
            handle,
        })
    }

    /// Answers 204 (true) or 503 (false) from now on.
    pub fn set_up(&self, up: bool) {
        self.state.up.store(up, Ordering::SeqCst);
    }

    /// Every delivery accepted so far, in arrival order.
    pub fn received(&self) -> Vec<Received> {
        self.state
            .received
            .lock()
            .map(|l| l.clone())
            .unwrap_or_default()
    }

    /// Deliveries refused (answered 503) so far.
    pub fn refused(&self) -> usize {
        self.state.refused.load(Ordering::SeqCst)
    }

    /// Waits until at least `n` deliveries were accepted, or `timeout` passed; what was received.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let got = self.received();
            if got.len() >= n || tokio::time::Instant::now() >= deadline {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Stops the receiver.
    pub async fn stop(self) {
        self.handle.stop(false).await;
    }
}
