-- foreign_keys: off
-- Citizens and deputies take part: two roles more (SQLite cannot change a
-- CHECK, so users is rebuilt with foreign keys off, keeping every id), and
-- what they do is kept as threads of events.
CREATE TABLE users_new (
	id       INTEGER PRIMARY KEY,
	name     TEXT NOT NULL UNIQUE,
	role     TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer', 'citizen', 'deputy')),
	unit     TEXT NOT NULL DEFAULT '',
	password TEXT NOT NULL,
	created  TEXT NOT NULL
);
INSERT INTO users_new SELECT id, name, role, unit, password, created FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

-- Questions, suggestions and ballot rounds; events are appended, never changed.
CREATE TABLE threads (
	id      INTEGER PRIMARY KEY,
	kind    TEXT NOT NULL CHECK (kind IN ('question', 'suggestion', 'round')),
	created TEXT NOT NULL
);
CREATE TABLE thread_events (
	id        INTEGER PRIMARY KEY,
	thread_id INTEGER NOT NULL REFERENCES threads(id),
	seq       INTEGER NOT NULL,
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL,
	kind      TEXT NOT NULL,
	data      TEXT NOT NULL,
	UNIQUE (thread_id, seq)
);
-- Who voted in a round, and the votes each candidate got: the ballots
-- themselves are not kept, so nothing links a deputy to a choice.
CREATE TABLE ballot_voters (
	round_id INTEGER NOT NULL REFERENCES threads(id),
	user_id  INTEGER NOT NULL REFERENCES users(id),
	PRIMARY KEY (round_id, user_id)
) WITHOUT ROWID;
CREATE TABLE ballot_tally (
	round_id  INTEGER NOT NULL REFERENCES threads(id),
	candidate INTEGER NOT NULL,
	votes     INTEGER NOT NULL,
	PRIMARY KEY (round_id, candidate)
) WITHOUT ROWID;
CREATE TABLE follows (
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
	PRIMARY KEY (user_id, task_id)
) WITHOUT ROWID;
CREATE INDEX follows_task ON follows(task_id);
-- Every write request the server answered.
CREATE TABLE audit (
	id      INTEGER PRIMARY KEY,
	at      TEXT NOT NULL,
	actor   TEXT NOT NULL,
	address TEXT NOT NULL,
	method  TEXT NOT NULL,
	path    TEXT NOT NULL,
	status  INTEGER NOT NULL
);
