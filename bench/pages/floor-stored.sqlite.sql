-- The floor on SQLite, from the stored score rows as they are (see floor-stored.pg.sql), for the
-- sqlite3 shell.
WITH page AS (
  SELECT id, partner_id, name, country FROM partners ORDER BY name, id LIMIT 50
)
SELECT json_object('data', json_object('partners', json_object('edges', (
  SELECT json_group_array(json_object('node', json_object(
    'partnerId', p.partner_id, 'name', p.name, 'country', p.country,
    'capabilityScores', (
      SELECT json_group_array(json_object(
        'designationCode', s.designation_code,
        'total', s.total_hundredths / 100.0,
        'meetsRequirements', json(CASE WHEN s.meets_requirements THEN 'true' ELSE 'false' END),
        'metrics', (
          SELECT json_group_array(json_object(
            'metric', json_extract(e.value, '$.metric'),
            'points', CAST(json_extract(e.value, '$.points') AS REAL),
            'value', CAST(json_extract(e.value, '$.value') AS REAL),
            'maxPoints', CAST(json_extract(e.value, '$.max_points') AS REAL)))
          FROM json_each(s.breakdown, '$.metrics') AS e)))
      FROM (SELECT s.designation_code, s.total_hundredths, s.meets_requirements, s.breakdown
            FROM capability_scores s
            WHERE s.partner_id = p.id AND +s.month = (SELECT max(month) FROM customer_usage)
            ORDER BY s.designation_code) AS s)
  )))
  FROM page p))));
