-- sqlite3 benchmark (in memory): fills two tables from recursive CTEs,
-- indexes them, and runs joins, grouping, sorting and window functions over
-- them. The printed answers let the runner check the emulated run against
-- the native one.
CREATE TABLE account (id INTEGER PRIMARY KEY, region INTEGER, name TEXT);
CREATE TABLE txn (id INTEGER PRIMARY KEY, account INTEGER, amount INTEGER, note TEXT);
WITH RECURSIVE g(i, x) AS (
  SELECT 1, 99 UNION ALL
  SELECT i + 1, (x * 1103515245 + 12345) % 2147483648 FROM g WHERE i < 5000)
INSERT INTO account SELECT i, x % 17, 'acct-' || hex(x) FROM g;
WITH RECURSIVE g(i, x) AS (
  SELECT 1, 7 UNION ALL
  SELECT i + 1, (x * 1103515245 + 12345) % 2147483648 FROM g WHERE i < 25000)
INSERT INTO txn SELECT i, 1 + (x >> 8) % 5000, (x >> 4) % 100000 - 50000,
                      substr('abcdefghijklmnopqrstuvwxyz', 1 + x % 20, 6) FROM g;
CREATE INDEX txn_account ON txn(account);
CREATE INDEX txn_note ON txn(note, amount);
SELECT a.region, count(*), sum(t.amount), max(t.amount), min(t.note)
FROM txn t JOIN account a ON a.id = t.account GROUP BY a.region ORDER BY a.region;
SELECT note, count(*), avg(amount) FROM txn GROUP BY note ORDER BY note;
SELECT name, balance FROM (
  SELECT a.name, sum(t.amount) AS balance, rank() OVER (ORDER BY sum(t.amount) DESC) AS r
  FROM account a JOIN txn t ON t.account = a.id GROUP BY a.id) WHERE r <= 5;
SELECT count(*) FROM txn t1 WHERE amount > (SELECT avg(amount) FROM txn t2 WHERE t2.account = t1.account);
SELECT sum(length(g)) FROM (SELECT group_concat(note) AS g FROM txn GROUP BY account);
UPDATE txn SET amount = amount + 1 WHERE note LIKE 'c%';
DELETE FROM txn WHERE amount % 3 = 0;
SELECT count(*), sum(amount) FROM txn;
