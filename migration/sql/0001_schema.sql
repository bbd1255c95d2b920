-- The partnergraph schema, shared by SQLite and PostgreSQL.
-- Placeholders filled per backend: {ID} (auto-increment primary key), {TS} (timestamp with time zone),
-- {JSON} (a JSON document stored as text). Every statement ends with a semicolon on its own line end.

-- ---------------------------------------------------------------- catalogue
CREATE TABLE rule_sets (
    code            TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    effective_from  DATE NOT NULL,
    effective_to    DATE NULL,
    source          TEXT NOT NULL,
    definition      {JSON} NOT NULL,
    CHECK (effective_to IS NULL OR effective_to > effective_from)
);

CREATE TABLE designations (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    short_name  TEXT NOT NULL,
    sort_order  INTEGER NOT NULL,
    CHECK (code IN ('BUSINESS_APPLICATIONS', 'DATA_AI_AZURE', 'DIGITAL_APP_INNOVATION_AZURE',
                    'INFRASTRUCTURE_AZURE', 'MODERN_WORK', 'SECURITY'))
);

CREATE TABLE designation_metrics (
    rule_set_code     TEXT NOT NULL REFERENCES rule_sets (code) ON DELETE CASCADE,
    designation_code  TEXT NOT NULL REFERENCES designations (code),
    metric_code       TEXT NOT NULL,
    category          TEXT NOT NULL,
    max_points        INTEGER NOT NULL,
    sort_order        INTEGER NOT NULL,
    PRIMARY KEY (rule_set_code, designation_code, metric_code),
    CHECK (metric_code IN ('NET_CUSTOMER_ADDS', 'INTERMEDIATE_CERTIFICATIONS', 'ADVANCED_CERTIFICATIONS',
                           'USAGE_GROWTH', 'DEPLOYMENTS')),
    CHECK (category IN ('PERFORMANCE', 'SKILLING', 'CUSTOMER_SUCCESS')),
    CHECK (max_points > 0 AND max_points <= 100)
);

CREATE TABLE workloads (
    code          TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    family        TEXT NOT NULL,
    product_line  TEXT NOT NULL,
    CHECK (family IN ('M365', 'AZURE', 'BIZAPPS'))
);

CREATE TABLE workload_eligibility (
    rule_set_code     TEXT NOT NULL REFERENCES rule_sets (code) ON DELETE CASCADE,
    designation_code  TEXT NOT NULL REFERENCES designations (code),
    workload_code     TEXT NOT NULL REFERENCES workloads (code),
    PRIMARY KEY (rule_set_code, designation_code, workload_code)
);

CREATE TABLE certifications (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL,
    retired_on  DATE NULL,
    CHECK (level IN ('Fundamentals', 'Associate', 'Expert', 'Specialty', 'Assessment'))
);

CREATE TABLE certification_eligibility (
    rule_set_code       TEXT NOT NULL REFERENCES rule_sets (code) ON DELETE CASCADE,
    designation_code    TEXT NOT NULL REFERENCES designations (code),
    metric_code         TEXT NOT NULL,
    certification_code  TEXT NOT NULL REFERENCES certifications (code),
    step                TEXT NOT NULL,
    PRIMARY KEY (rule_set_code, designation_code, metric_code, certification_code, step)
);

CREATE TABLE specializations (
    code            TEXT PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    stacking_group  TEXT NOT NULL
);

CREATE TABLE specialization_prerequisites (
    specialization_code  TEXT NOT NULL REFERENCES specializations (code) ON DELETE CASCADE,
    designation_code     TEXT NOT NULL REFERENCES designations (code),
    PRIMARY KEY (specialization_code, designation_code)
);

CREATE TABLE stacking_caps (
    stacking_group       TEXT PRIMARY KEY,
    max_specializations  INTEGER NOT NULL,
    source               TEXT NOT NULL,
    CHECK (max_specializations > 0)
);

CREATE TABLE benefits (
    code                  TEXT PRIMARY KEY,
    product_group         TEXT NOT NULL,
    description           TEXT NOT NULL,
    quantity              TEXT NULL,
    unit                  TEXT NULL,
    period                TEXT NULL,
    designation_code      TEXT NULL REFERENCES designations (code),
    specialization_group  TEXT NULL,
    source                TEXT NOT NULL,
    CHECK ((designation_code IS NULL) <> (specialization_group IS NULL))
);

-- ---------------------------------------------------------------- program data
CREATE TABLE partners (
    id                {ID},
    partner_id        TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    country           TEXT NOT NULL,
    anniversary_date  DATE NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        {TS} NOT NULL,
    updated_at        {TS} NOT NULL,
    CHECK (length(partner_id) BETWEEN 1 AND 64),
    CHECK (length(country) = 2)
);
CREATE INDEX partners_name_idx ON partners (name);
CREATE INDEX partners_country_idx ON partners (country);

CREATE TABLE customers (
    id          {ID},
    tenant_id   TEXT NOT NULL UNIQUE,
    tpid        TEXT NULL,
    name        TEXT NOT NULL,
    country     TEXT NOT NULL,
    created_at  {TS} NOT NULL,
    updated_at  {TS} NOT NULL,
    CHECK (length(tenant_id) = 36),
    CHECK (length(country) = 2)
);
CREATE INDEX customers_tpid_idx ON customers (tpid);

CREATE TABLE customer_associations (
    id                {ID},
    partner_id        BIGINT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    customer_id       BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    association_type  TEXT NOT NULL,
    workload_code     TEXT NULL REFERENCES workloads (code),
    start_date        DATE NOT NULL,
    end_date          DATE NULL,
    created_at        {TS} NOT NULL,
    updated_at        {TS} NOT NULL,
    CHECK (association_type IN ('CPOR', 'PAL', 'DPOR', 'CSP_T1', 'CSP_T2')),
    CHECK (end_date IS NULL OR end_date >= start_date)
);
-- An empty workload means "all workloads"; COALESCE makes it one key value, not many distinct NULLs.
CREATE UNIQUE INDEX customer_associations_key_idx
    ON customer_associations (partner_id, customer_id, association_type, COALESCE(workload_code, ''), start_date);
CREATE INDEX customer_associations_customer_idx ON customer_associations (customer_id);

CREATE TABLE customer_usage (
    customer_id      BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    month            DATE NOT NULL,
    workload_code    TEXT NOT NULL REFERENCES workloads (code),
    paid_seats       BIGINT NULL,
    protected_users  BIGINT NULL,
    active_users     BIGINT NULL,
    acr_cents        BIGINT NULL,
    revenue_cents    BIGINT NULL,
    profiles         BIGINT NULL,
    PRIMARY KEY (customer_id, month, workload_code),
    CHECK (paid_seats IS NULL OR paid_seats >= 0),
    CHECK (protected_users IS NULL OR protected_users >= 0),
    CHECK (active_users IS NULL OR active_users >= 0),
    CHECK (acr_cents IS NULL OR acr_cents >= 0),
    CHECK (revenue_cents IS NULL OR revenue_cents >= 0),
    CHECK (profiles IS NULL OR profiles >= 0)
);
CREATE INDEX customer_usage_month_idx ON customer_usage (month);

CREATE TABLE professionals (
    id               {ID},
    professional_id  TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    email            TEXT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       {TS} NOT NULL,
    updated_at       {TS} NOT NULL,
    CHECK (length(professional_id) BETWEEN 1 AND 64)
);

CREATE TABLE professional_certifications (
    id                  {ID},
    professional_id     BIGINT NOT NULL REFERENCES professionals (id) ON DELETE CASCADE,
    certification_code  TEXT NOT NULL REFERENCES certifications (code),
    earned_on           DATE NOT NULL,
    expires_on          DATE NULL,
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          {TS} NOT NULL,
    updated_at          {TS} NOT NULL,
    CHECK (expires_on IS NULL OR expires_on >= earned_on)
);
CREATE UNIQUE INDEX professional_certifications_key_idx
    ON professional_certifications (professional_id, certification_code, earned_on);

CREATE TABLE professional_associations (
    id               {ID},
    professional_id  BIGINT NOT NULL REFERENCES professionals (id) ON DELETE CASCADE,
    partner_id       BIGINT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    associated_on    DATE NOT NULL,
    removed_on       DATE NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       {TS} NOT NULL,
    updated_at       {TS} NOT NULL,
    CHECK (removed_on IS NULL OR removed_on >= associated_on)
);
CREATE UNIQUE INDEX professional_associations_key_idx
    ON professional_associations (professional_id, associated_on);
-- A professional has at most one active (not removed) association, whoever writes the row.
CREATE UNIQUE INDEX professional_associations_one_active_idx
    ON professional_associations (professional_id) WHERE removed_on IS NULL;
CREATE INDEX professional_associations_partner_idx ON professional_associations (partner_id);

-- ---------------------------------------------------------------- scores
CREATE TABLE capability_scores (
    partner_id          BIGINT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    designation_code    TEXT NOT NULL REFERENCES designations (code),
    month               DATE NOT NULL,
    rule_set_code       TEXT NOT NULL REFERENCES rule_sets (code),
    total_hundredths    INTEGER NOT NULL,
    meets_requirements  BOOLEAN NOT NULL,
    track               TEXT NULL,
    breakdown           {JSON} NOT NULL,
    computed_at         {TS} NOT NULL,
    PRIMARY KEY (partner_id, designation_code, month),
    CHECK (total_hundredths BETWEEN 0 AND 10000)
);
CREATE INDEX capability_scores_report_idx ON capability_scores (month, designation_code, partner_id);

-- Partners whose scores must be recomputed from a month on; written in the same transaction as the
-- change that made them stale, so a crash between a write and its recompute loses nothing.
CREATE TABLE score_refresh_queue (
    partner_id  BIGINT PRIMARY KEY REFERENCES partners (id) ON DELETE CASCADE,
    from_month  DATE NOT NULL,
    queued_at   {TS} NOT NULL
);

-- ---------------------------------------------------------------- users and audit
CREATE TABLE users (
    id             {ID},
    email          TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL,
    partner_id     BIGINT NULL REFERENCES partners (id) ON DELETE RESTRICT,
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     {TS} NOT NULL,
    updated_at     {TS} NOT NULL,
    CHECK (role IN ('ADMIN', 'PARTNER_ADMIN', 'ANALYST')),
    CHECK ((role = 'PARTNER_ADMIN') = (partner_id IS NOT NULL))
);

CREATE TABLE audit_events (
    id               {ID},
    occurred_at      {TS} NOT NULL,
    actor_user_id    BIGINT NULL REFERENCES users (id) ON DELETE SET NULL,
    actor            TEXT NOT NULL,
    action           TEXT NOT NULL,
    entity_type      TEXT NOT NULL,
    entity_key       TEXT NOT NULL,
    partner_id       BIGINT NULL REFERENCES partners (id) ON DELETE SET NULL,
    professional_id  BIGINT NULL REFERENCES professionals (id) ON DELETE SET NULL,
    before_state     {JSON} NULL,
    after_state      {JSON} NULL,
    score_impact     {JSON} NULL,
    request_id       TEXT NULL
);
CREATE INDEX audit_events_time_idx ON audit_events (occurred_at);
CREATE INDEX audit_events_partner_idx ON audit_events (partner_id, occurred_at);
CREATE INDEX audit_events_professional_idx ON audit_events (professional_id, occurred_at);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, occurred_at);

-- Long-lived, revocable credentials for reporting tools. Only the SHA-256 of a token (lowercase hex) is
-- kept; the token itself is shown once. A name identifies one active token, so a revoked name can be reused.
CREATE TABLE service_tokens (
    id                  {ID},
    name                TEXT NOT NULL,
    token_hash          TEXT NOT NULL UNIQUE,
    role                TEXT NOT NULL,
    partner_id          BIGINT NULL REFERENCES partners (id) ON DELETE RESTRICT,
    created_by_user_id  BIGINT NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at          {TS} NOT NULL,
    last_used_at        {TS} NULL,
    expires_at          {TS} NULL,
    revoked_at          {TS} NULL,
    CHECK (length(name) BETWEEN 1 AND 100),
    CHECK (length(token_hash) = 64),
    CHECK (role IN ('ADMIN', 'PARTNER_ADMIN', 'ANALYST')),
    CHECK ((role = 'PARTNER_ADMIN') = (partner_id IS NOT NULL)),
    CHECK (expires_at IS NULL OR expires_at > created_at)
);
CREATE UNIQUE INDEX service_tokens_active_name_idx ON service_tokens (name) WHERE revoked_at IS NULL;
