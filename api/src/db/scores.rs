//! Stores computed scores and recomputes stale ones.
