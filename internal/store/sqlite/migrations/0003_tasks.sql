-- Every commitment becomes a task; a task's state is derived from its
-- events, which are only ever appended.
CREATE TABLE tasks (
	id          INTEGER PRIMARY KEY,
	fact_id     INTEGER NOT NULL UNIQUE REFERENCES facts(id) ON DELETE CASCADE,
	report_id   INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	region      TEXT NOT NULL,
	region_code TEXT NOT NULL,
	year        INTEGER NOT NULL,
	title       TEXT NOT NULL,
	quote       TEXT NOT NULL
);
CREATE INDEX tasks_region ON tasks(region_code, year);

CREATE TABLE task_events (
	id      INTEGER PRIMARY KEY,
	task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
	seq     INTEGER NOT NULL,
	at      TEXT NOT NULL,
	actor   TEXT NOT NULL,
	kind    TEXT NOT NULL,
	data    TEXT NOT NULL,
	UNIQUE (task_id, seq)
);
-- Events are history: they are never changed.
CREATE TRIGGER task_events_no_update BEFORE UPDATE ON task_events
BEGIN SELECT RAISE(ABORT, 'task events are append-only'); END;
