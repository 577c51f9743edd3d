-- foreign_keys: off
-- A task may come from the office's 分工方案 rather than from a report's
-- commitment: it then has no fact, and origin_file (the SHA-256 of the
-- sheet, kept as an evidence file) and origin_row name the row it was made
-- from. SQLite cannot drop a NOT NULL, so the table is rebuilt, with
-- foreign keys off so that the rebuild does not cascade to the events.
CREATE TABLE tasks_new (
	id          INTEGER PRIMARY KEY,
	fact_id     INTEGER UNIQUE REFERENCES facts(id) ON DELETE CASCADE,
	report_id   INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	region      TEXT NOT NULL,
	region_code TEXT NOT NULL,
	year        INTEGER NOT NULL,
	title       TEXT NOT NULL,
	quote       TEXT NOT NULL,
	origin_file TEXT REFERENCES evidence(sha256),
	origin_row  INTEGER,
	CHECK ((fact_id IS NULL) = (origin_file IS NOT NULL AND origin_row > 0))
);
INSERT INTO tasks_new(id, fact_id, report_id, region, region_code, year, title, quote)
	SELECT id, fact_id, report_id, region, region_code, year, title, quote FROM tasks;
DROP TABLE tasks;
ALTER TABLE tasks_new RENAME TO tasks;
CREATE INDEX tasks_region ON tasks(region_code, year);
CREATE INDEX tasks_report ON tasks(report_id);
