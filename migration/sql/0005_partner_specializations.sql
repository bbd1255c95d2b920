-- The specializations Microsoft granted a partner (`partner_specializations.csv`, the
-- specialization mutations): one row per grant, renewed by moving `expires_on`, ended by setting it.
-- A grant is in force from `granted_on` through `expires_on` (Partner Center's "valid till" date, the
-- last day it counts, like a certification's `expires_on`), or without end when it is empty; the
-- grants of one partner and specialization never overlap (checked by the importer and the mutations).
CREATE TABLE partner_specializations (
    id                   {ID},
    partner_id           BIGINT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    specialization_code  TEXT NOT NULL REFERENCES specializations (code),
    granted_on           DATE NOT NULL,
    expires_on           DATE NULL,
    validation           TEXT NOT NULL DEFAULT 'NONE'
                         CHECK (validation IN ('AUDIT', 'CUSTOMER_REFERENCES', 'NONE')),
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           {TS} NOT NULL,
    updated_at           {TS} NOT NULL,
    CHECK (expires_on IS NULL OR expires_on >= granted_on)
);
CREATE UNIQUE INDEX partner_specializations_key_idx
    ON partner_specializations (partner_id, specialization_code, granted_on);
