-- What PostGraphile needs to serve the nested partner page over the server's own tables: the total
-- and the metric projection of the stored breakdown as computed columns of capability_scores
-- (`total`, `metrics`). Functions only: no data is copied.
CREATE TYPE bench_metric AS (metric text, points double precision, value double precision, max_points double precision);

CREATE FUNCTION capability_scores_total(s capability_scores) RETURNS double precision
LANGUAGE sql STABLE AS $$ SELECT s.total_hundredths / 100.0 $$;

CREATE FUNCTION capability_scores_metrics(s capability_scores) RETURNS SETOF bench_metric
LANGUAGE sql STABLE AS $$
  SELECT m->>'metric', (m->>'points')::float8, (m->>'value')::float8, (m->>'max_points')::float8
  FROM jsonb_array_elements(s.breakdown::jsonb -> 'metrics') WITH ORDINALITY AS e(m, o)
  ORDER BY o
$$;
