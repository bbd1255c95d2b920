-- The narrow rows of the "raw-SQL floor": one row per partner, designation, month and metric, derived
-- from the stored breakdowns, so the floor can build the page without parsing any JSON.
CREATE TABLE bench_metric_rows (
    partner_id        BIGINT NOT NULL,
    designation_code  TEXT NOT NULL,
    month             DATE NOT NULL,
    ord               INTEGER NOT NULL,
    metric            TEXT NOT NULL,
    points            DOUBLE PRECISION NOT NULL,
    value             DOUBLE PRECISION NOT NULL,
    max_points        DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (partner_id, month, designation_code, ord)
);
INSERT INTO bench_metric_rows
SELECT s.partner_id, s.designation_code, s.month, e.o, e.m->>'metric', (e.m->>'points')::float8,
       (e.m->>'value')::float8, (e.m->>'max_points')::float8
FROM capability_scores s, jsonb_array_elements(s.breakdown::jsonb -> 'metrics') WITH ORDINALITY AS e(m, o);
ANALYZE bench_metric_rows;
ANALYZE;
