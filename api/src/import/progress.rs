//! The live progress line of a long import: one line on stderr, rewritten in place, saying which file,
//! how many rows and how fast. Nothing is written when progress is off (not a terminal, or tests).

use std::io::Write;
use std::time::{Duration, Instant};

/// How often the line is redrawn at most.
const REDRAW: Duration = Duration::from_millis(200);

/// Counts the rows of one phase of one file and redraws the progress line now and then.
pub(crate) struct Meter {
    enabled: bool,
    label: String,
    rows: u64,
    started: Instant,
    drawn: Instant,
}

impl Meter {
    /// Starts counting, e.g. `Meter::start(true, "reading customer_usage.csv")`.
    pub(crate) fn start(enabled: bool, label: impl Into<String>) -> Self {
        let now = Instant::now();
        let meter = Self {
            enabled,
            label: label.into(),
            rows: 0,
            started: now,
            drawn: now,
        };
        meter.draw();
        meter
    }

    /// One more row.
    pub(crate) fn tick(&mut self) {
        self.rows += 1;
        // Looking at the clock costs more than counting; look every 4096 rows.
        if self.enabled && self.rows.is_multiple_of(4096) {
            self.maybe_draw();
        }
    }

    /// `n` more rows.
    pub(crate) fn add(&mut self, n: u64) {
        self.rows += n;
        if self.enabled {
            self.maybe_draw();
        }
    }

    /// Draws the final count of this phase.
    pub(crate) fn finish(self) {
        self.draw();
    }

    fn maybe_draw(&mut self) {
        let now = Instant::now();
        if now.duration_since(self.drawn) >= REDRAW {
            self.drawn = now;
            self.draw();
        }
    }

    fn draw(&self) {
        if !self.enabled {
            return;
        }
        let secs = self.started.elapsed().as_secs_f64();
        let rate = if secs > 0.0 {
            self.rows as f64 / secs
        } else {
            0.0
        };
        let mut err = std::io::stderr().lock();
        // \r and "erase line" keep it one line; errors writing progress are not worth failing over.
        let _ = write!(
            err,
            "\r\x1b[2K{}: {} rows, {:.0} rows/s",
            self.label, self.rows, rate
        );
        let _ = err.flush();
    }
}

/// Erases the progress line so the report starts on a clean line.
pub(crate) fn clear(enabled: bool) {
    if enabled {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K");
        let _ = err.flush();
    }
}
