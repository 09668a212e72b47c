-- Workload for the sqlite3 shell built from Debian's sqlite3 source, run on
-- a fresh database file: schema, a few thousand generated rows, indexes,
-- joins, aggregates, window functions, a trigger, transactions with a
-- rollback, and float formatting. The riscv64 build's output must equal the
-- native one's. Data comes from a linear congruential generator in a
-- recursive CTE, so it is the same everywhere; random() is never used.
.headers on
.mode list
PRAGMA journal_mode = DELETE;
PRAGMA page_size = 4096;

CREATE TABLE customer (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  city TEXT NOT NULL,
  joined TEXT NOT NULL
);
CREATE TABLE product (
  id INTEGER PRIMARY KEY,
  label TEXT UNIQUE NOT NULL,
  price REAL NOT NULL
);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customer(id),
  product_id INTEGER NOT NULL REFERENCES product(id),
  qty INTEGER NOT NULL,
  day TEXT NOT NULL
);
CREATE TABLE audit (n INTEGER, what TEXT);
CREATE TRIGGER orders_big AFTER INSERT ON orders WHEN new.qty >= 19
BEGIN
  INSERT INTO audit VALUES (new.id, 'big order of ' || new.qty);
END;

BEGIN;
WITH RECURSIVE lcg(i, x) AS (
  SELECT 1, 12345
  UNION ALL
  SELECT i + 1, (x * 1103515245 + 12345) % 2147483648 FROM lcg WHERE i < 400
)
INSERT INTO customer
SELECT i,
       'cust' || printf('%04d', i) || substr('abcdefghij', x % 10 + 1, 3),
       CASE x % 5 WHEN 0 THEN 'Lyon' WHEN 1 THEN 'Oslo' WHEN 2 THEN 'Kyoto'
                  WHEN 3 THEN 'Quito' ELSE 'Perth' END,
       date('2020-01-01', '+' || (x % 1400) || ' days')
FROM lcg;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
INSERT INTO product
SELECT i, 'item-' || hex(i * 7), round(1.25 + (i * 37 % 100) * 0.73, 2) FROM n;

WITH RECURSIVE lcg(i, x, y) AS (
  SELECT 1, 777, 4242
  UNION ALL
  SELECT i + 1, (x * 1103515245 + 12345) % 2147483648, (y * 69069 + 1) % 4294967296
  FROM lcg WHERE i < 4000
)
INSERT INTO orders
SELECT i, 1 + (x >> 12) % 400, 1 + (y >> 16) % 60, 1 + (x >> 24) % 20,
       date('2021-01-01', '+' || ((y >> 4) % 730) || ' days')
FROM lcg;
COMMIT;

SELECT count(*) AS customers FROM customer;
SELECT count(*) AS orders, sum(qty) AS units, min(day) AS first, max(day) AS last FROM orders;
SELECT count(*) AS big_orders, min(n), max(n) FROM audit;

SELECT c.city, count(*) AS n, sum(o.qty) AS units,
       printf('%.2f', sum(o.qty * p.price)) AS revenue,
       printf('%.4f', avg(p.price)) AS avg_price
FROM orders o JOIN customer c ON c.id = o.customer_id
              JOIN product p ON p.id = o.product_id
GROUP BY c.city ORDER BY revenue DESC;

SELECT strftime('%Y-%m', day) AS month, count(*) AS n, total(qty) AS units
FROM orders GROUP BY month HAVING n > 250 ORDER BY month LIMIT 8;

CREATE INDEX orders_by_customer ON orders(customer_id, day);
CREATE INDEX orders_by_product ON orders(product_id);
EXPLAIN QUERY PLAN
SELECT * FROM orders WHERE customer_id = 17 ORDER BY day;

SELECT o.id, o.day, p.label, o.qty FROM orders o JOIN product p ON p.id = o.product_id
WHERE o.customer_id = 17 ORDER BY o.day, o.id;

SELECT name, spent, rank() OVER (ORDER BY spent DESC) AS rnk,
       printf('%.3f', spent * 100.0 / sum(spent) OVER ()) AS pct
FROM (SELECT c.name, sum(o.qty * p.price) AS spent
      FROM customer c JOIN orders o ON o.customer_id = c.id
      JOIN product p ON p.id = o.product_id GROUP BY c.id)
ORDER BY spent DESC, name LIMIT 10;

SELECT product_id, day, qty,
       sum(qty) OVER (PARTITION BY product_id ORDER BY day, id
                      ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS moving,
       lag(qty) OVER (PARTITION BY product_id ORDER BY day, id) AS prev
FROM orders WHERE product_id IN (3, 44) ORDER BY product_id, day, id LIMIT 12;

-- a transaction that is rolled back, and a savepoint partly rolled back
BEGIN;
DELETE FROM orders WHERE qty < 10;
SELECT count(*) AS after_delete FROM orders;
ROLLBACK;
SELECT count(*) AS after_rollback FROM orders;
BEGIN;
UPDATE product SET price = price * 2 WHERE id <= 10;
SAVEPOINT sp;
UPDATE product SET price = 0 WHERE id <= 30;
ROLLBACK TO sp;
RELEASE sp;
COMMIT;
SELECT id, price FROM product WHERE id IN (1, 10, 11, 30) ORDER BY id;

-- floats, integers and text in expressions
SELECT 1.0 / 3, 2.0 / 3, 1e300 * 1e10, -0.0, 0.1 + 0.2, 9007199254740993,
       9223372036854775807 + 1, 7 / 2, 7 % 3, -7 / 2, cast(3.99 AS INTEGER);
SELECT printf('%.15g|%e|%.3e|%g|%10.4f|%-8.2f|', 0.1, 12345.6789, 6.02e23, 1e-7, 3.14159265, 2.5);
SELECT round(2.5), round(-2.5), round(1234.5678, 2), abs(-9),
       typeof(1), typeof(1.0), typeof('1'), typeof(x'01'), typeof(NULL);
SELECT upper('mixed Case'), lower('ÀB'), length('héllo'), instr('hello', 'll'),
       replace('a-b-c', '-', '+'), substr('abcdef', -3, 2), trim('  x  '), quote('it''s'),
       hex('AZ'), unicode('€'), char(72, 105), zeroblob(3) = x'000000';
SELECT group_concat(label, ',') FROM (SELECT label FROM product ORDER BY id LIMIT 6);
SELECT date('2024-02-29', '+1 year'), date('2024-01-31', '+1 month'),
       julianday('2000-01-01 12:00:00'), strftime('%j %w %s', '2023-11-14 22:13:20'),
       datetime(1700000000, 'unixepoch');
SELECT json_object('a', 1, 'b', json_array(1.5, 'x', NULL)), json_extract('{"k":[10,20]}', '$.k[1]');
SELECT value, count(*) FROM json_each('[1,2,2,3,3,3]') GROUP BY value ORDER BY value;

-- recursive CTE computing
WITH RECURSIVE fib(i, a, b) AS (SELECT 1, 0, 1 UNION ALL SELECT i + 1, b, a + b FROM fib WHERE i < 90)
SELECT i, a FROM fib WHERE i % 15 = 0;
WITH RECURSIVE h(i, s) AS (SELECT 1, 1.0 UNION ALL SELECT i + 1, s + 1.0 / (i + 1) FROM h WHERE i < 3000)
SELECT printf('%.12f', s) FROM h WHERE i = 3000;

-- views, subqueries, correlated queries
CREATE VIEW busy AS
  SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id HAVING n >= 22;
SELECT count(*) AS busy_customers, max(n) AS most FROM busy;
SELECT c.name, (SELECT max(qty) FROM orders o WHERE o.customer_id = c.id) AS top
FROM customer c WHERE c.id IN (SELECT customer_id FROM busy) ORDER BY c.name LIMIT 5;
SELECT city, name FROM customer c1
WHERE joined = (SELECT min(joined) FROM customer c2 WHERE c2.city = c1.city) ORDER BY city, name;

-- update with join-ish subquery, delete, vacuum, integrity
UPDATE customer SET city = 'Lima' WHERE id IN (SELECT customer_id FROM busy);
DELETE FROM orders WHERE day < '2021-03-01';
SELECT city, count(*) FROM customer GROUP BY city ORDER BY city;
SELECT count(*) AS remaining FROM orders;
VACUUM;
PRAGMA integrity_check;
SELECT count(*) AS indexes FROM sqlite_schema WHERE type = 'index';
