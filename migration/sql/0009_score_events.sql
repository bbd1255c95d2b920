-- Alerts: what changed in a partner's standing, the webhooks that want to hear of it, and each
-- delivery. Events and their deliveries are written in the transaction that stores the scores
-- causing them (an outbox), so a crash between the refresh and the delivery loses nothing.

-- The first forecast month in which a designation met at the latest month is lost (at risk), set on
-- the rows of the latest stored month only. Every scored partner is queued from its latest stored
-- month, so the next refresh fills it (until then those months are computed when read).
ALTER TABLE capability_scores ADD COLUMN at_risk_from DATE NULL;
INSERT INTO score_refresh_queue (partner_id, from_month, queued_at)
    SELECT partner_id, MAX(month), CURRENT_TIMESTAMP FROM capability_scores WHERE TRUE
    GROUP BY partner_id
    ON CONFLICT (partner_id) DO UPDATE SET
        from_month = CASE WHEN score_refresh_queue.from_month < excluded.from_month
                     THEN score_refresh_queue.from_month ELSE excluded.from_month END,
        queued_at = excluded.queued_at;

-- One change of one partner's standing in one designation at the latest month. `before_*` are null
-- for a partner's first score. `changes` (JSON) holds each metric whose points or facts moved, with
-- the facts gained and lost. Numbered in commit order (writers serialize their inserts), so a reader
-- that has seen id N has seen every event before it.
CREATE TABLE score_events (
    id                       {ID},
    kind                     TEXT NOT NULL
                             CHECK (kind IN ('DESIGNATION_MET', 'DESIGNATION_LOST', 'SCORE_CHANGED',
                                             'AT_RISK', 'TEST')),
    partner_id               BIGINT NULL REFERENCES partners (id) ON DELETE CASCADE,
    designation_code         TEXT NULL REFERENCES designations (code),
    month                    DATE NULL,
    rule_set_code            TEXT NULL,
    before_total_hundredths  INTEGER NULL,
    before_meets             BOOLEAN NULL,
    before_at_risk_from      DATE NULL,
    after_total_hundredths   INTEGER NULL,
    after_meets              BOOLEAN NULL,
    after_at_risk_from       DATE NULL,
    changes                  {JSON} NOT NULL,
    created_at               {TS} NOT NULL
);
CREATE INDEX score_events_partner_idx ON score_events (partner_id, id);
CREATE INDEX score_events_created_at_idx ON score_events (created_at);

-- Where events are sent. `partner_id` null: every partner. `secret` signs every delivery (HMAC-SHA256)
-- and is shown once, when the webhook is created. A paused webhook gets no new deliveries.
CREATE TABLE webhooks (
    id                          {ID},
    url                         TEXT NOT NULL,
    description                 TEXT NULL,
    secret                      TEXT NOT NULL,
    event_kinds                 TEXT NOT NULL,
    partner_id                  BIGINT NULL REFERENCES partners (id) ON DELETE CASCADE,
    min_change_hundredths       INTEGER NOT NULL DEFAULT 100 CHECK (min_change_hundredths >= 0),
    paused                      BOOLEAN NOT NULL DEFAULT FALSE,
    created_by                  TEXT NOT NULL,
    owner_partner_id            BIGINT NULL REFERENCES partners (id) ON DELETE CASCADE,
    created_at                  {TS} NOT NULL,
    updated_at                  {TS} NOT NULL
);
CREATE INDEX webhooks_partner_idx ON webhooks (partner_id);

-- One event for one webhook. A deliverer claims due rows (`claimed_by`, `claimed_until`) so replicas
-- never send one twice; a failure sets the next attempt after an exponential back-off, and after
-- the last attempt the delivery is FAILED.
CREATE TABLE webhook_deliveries (
    id                 {ID},
    webhook_id         BIGINT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id           BIGINT NOT NULL REFERENCES score_events (id) ON DELETE CASCADE,
    status             TEXT NOT NULL DEFAULT 'PENDING'
                       CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts           INTEGER NOT NULL DEFAULT 0,
    next_attempt_at    {TS} NOT NULL,
    last_attempt_at    {TS} NULL,
    last_status_code   INTEGER NULL,
    last_error         TEXT NULL,
    delivered_at       {TS} NULL,
    claimed_by         TEXT NULL,
    claimed_until      {TS} NULL,
    created_at         {TS} NOT NULL
);
CREATE UNIQUE INDEX webhook_deliveries_key_idx ON webhook_deliveries (webhook_id, event_id);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id);
