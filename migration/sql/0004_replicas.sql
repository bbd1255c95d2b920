-- Several `serve` replicas on one database.

-- A drainer claims queue rows before recomputing them, so no other drainer takes them; a claim
-- whose lease has passed (its drainer crashed) may be taken over.
ALTER TABLE score_refresh_queue ADD COLUMN claimed_by TEXT;
ALTER TABLE score_refresh_queue ADD COLUMN claimed_until {TS};

-- Failed sign-ins per key (`account:` + normalized email, `address:` + client address), shared by
-- every replica; rows older than the throttle's memory are pruned.
CREATE TABLE login_failures (
    key              TEXT PRIMARY KEY,
    failures         INTEGER NOT NULL CHECK (failures > 0),
    last_failure_at  {TS} NOT NULL
);
CREATE INDEX login_failures_last_failure_at ON login_failures (last_failure_at);
