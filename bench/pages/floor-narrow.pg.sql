-- The raw-SQL floor from narrow rows: the same response as floor-stored.pg.sql, the metrics read from
-- bench_metric_rows (one row per partner, designation, month and metric) instead of the JSON.
WITH page AS (
  SELECT id, partner_id, name, country FROM partners ORDER BY name, id LIMIT 50
)
SELECT json_build_object('data', json_build_object('partners', json_build_object('edges', coalesce((
  SELECT json_agg(json_build_object('node', json_build_object(
    'partnerId', p.partner_id, 'name', p.name, 'country', p.country,
    'capabilityScores', coalesce((
      SELECT json_agg(json_build_object(
        'designationCode', s.designation_code,
        'total', (s.total_hundredths / 100.0)::float8,
        'meetsRequirements', s.meets_requirements,
        'metrics', (
          SELECT json_agg(json_build_object(
            'metric', r.metric, 'points', r.points, 'value', r.value, 'maxPoints', r.max_points)
            ORDER BY r.ord)
          FROM bench_metric_rows r
          WHERE r.partner_id = s.partner_id AND r.month = s.month
            AND r.designation_code = s.designation_code)
      ) ORDER BY s.designation_code)
      FROM capability_scores s
      WHERE s.partner_id = p.id AND s.month = (SELECT max(month) FROM customer_usage)), '[]'::json)
  )) ORDER BY p.name, p.id)
  FROM page p), '[]'::json))));
