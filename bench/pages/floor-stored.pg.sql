-- The raw-SQL floor, from the stored score rows as they are: one statement builds the whole response of
-- the nested page (50 partners by name, their six scores of the latest month with data, each score's
-- metrics taken out of its stored breakdown JSON).
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
            'metric', m->>'metric', 'points', (m->>'points')::float8,
            'value', (m->>'value')::float8, 'maxPoints', (m->>'max_points')::float8) ORDER BY o)
          FROM jsonb_array_elements(s.breakdown::jsonb -> 'metrics') WITH ORDINALITY AS e(m, o))
      ) ORDER BY s.designation_code)
      FROM capability_scores s
      WHERE s.partner_id = p.id AND s.month = (SELECT max(month) FROM customer_usage)), '[]'::json)
  )) ORDER BY p.name, p.id)
  FROM page p), '[]'::json))));
