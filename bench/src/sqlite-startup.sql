-- Translation-throughput workload (bench/translate-bench.sh): a little of
-- everything sqlite3 does — schema, indexes, inserts, joins, grouping,
-- sorting, window functions, CTEs, string, date and JSON functions — on a
-- few rows, so that most of the run is translating code run once or twice.
CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER, s TEXT, r REAL);
CREATE TABLE u (k INTEGER, name TEXT);
INSERT INTO t VALUES (1, 3, 'alpha', 1.5), (2, 1, 'beta', -2.25), (3, 2, 'gamma', 1e3),
  (4, 3, 'delta', 0.125), (5, 1, 'epsilon', 42.0);
INSERT INTO u VALUES (1, 'one'), (2, 'two'), (3, 'three');
CREATE INDEX t_k ON t(k);
CREATE UNIQUE INDEX u_k ON u(k);
SELECT u.name, count(*), sum(t.r), group_concat(t.s, '+') FROM t JOIN u USING (k)
  GROUP BY u.name ORDER BY u.name;
SELECT id, s, rank() OVER (PARTITION BY k ORDER BY r DESC), sum(r) OVER (ORDER BY id)
  FROM t ORDER BY id;
WITH RECURSIVE f(n, v) AS (SELECT 1, 1 UNION ALL SELECT n + 1, v * (n + 1) FROM f WHERE n < 12)
  SELECT n, v FROM f WHERE n % 4 = 0;
SELECT upper(s), length(s), substr(s, 2, 3), replace(s, 'a', 'A'), printf('%08.3f', r),
  hex(s), instr(s, 'l') FROM t WHERE s LIKE '%a%' ORDER BY s;
SELECT date('2024-02-28', '+1 day'), strftime('%j', '2023-12-31'), julianday('2000-01-01');
SELECT json_object('id', id, 's', s), json_extract('{"a":[1,2,{"b":3}]}', '$.a[2].b') FROM t
  WHERE id < 3;
SELECT k, max(r), min(s), avg(id) FROM t GROUP BY k HAVING count(*) > 1;
UPDATE t SET r = r * 2 WHERE k = 1;
DELETE FROM t WHERE id = 4;
SELECT total(r), count(DISTINCT k) FROM t;
SELECT s FROM t UNION SELECT name FROM u ORDER BY 1 LIMIT 4;
SELECT CAST(r AS INTEGER), typeof(r), round(r, 1), abs(r) FROM t ORDER BY r;
