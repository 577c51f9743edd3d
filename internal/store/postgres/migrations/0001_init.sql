-- The record as the SQLite store keeps it (its migrations 0001–0009 in
-- one), in PostgreSQL's types. Offsets are bytes of the cleaned text and
-- of the raw file.
CREATE TABLE reports (
	id          BIGSERIAL PRIMARY KEY,
	region      TEXT NOT NULL,
	region_code TEXT NOT NULL,
	level       TEXT NOT NULL,
	year        INTEGER NOT NULL,
	identity    TEXT NOT NULL, -- report.Identity as JSON
	added       TIMESTAMPTZ NOT NULL
);
CREATE INDEX reports_region ON reports(region_code, year);
CREATE INDEX reports_region_name ON reports(region);

CREATE TABLE sources (
	id        BIGSERIAL PRIMARY KEY,
	report_id BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	path      TEXT NOT NULL,
	sha256    TEXT NOT NULL UNIQUE,
	format    TEXT NOT NULL,
	encoding  TEXT NOT NULL,
	page      INTEGER NOT NULL,
	pages     INTEGER NOT NULL,
	title     TEXT NOT NULL,
	raw       BYTEA NOT NULL,
	layer     BYTEA,
	clean     TEXT NOT NULL,
	offsets   BYTEA NOT NULL,
	summary   TEXT NOT NULL,
	minhash   BYTEA NOT NULL,
	added     TIMESTAMPTZ NOT NULL,
	sections  TEXT NOT NULL DEFAULT '[]',
	terms     TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX sources_report ON sources(report_id);

CREATE TABLE facts (
	id        BIGSERIAL PRIMARY KEY,
	report_id BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	kind      TEXT NOT NULL,
	indicator TEXT NOT NULL,
	canonical TEXT,
	year      INTEGER,
	section   TEXT,
	start     INTEGER NOT NULL,
	"end"     INTEGER NOT NULL,
	fact      TEXT NOT NULL -- report.Fact as JSON
);
CREATE INDEX facts_report ON facts(report_id);
CREATE INDEX facts_kind ON facts(kind, id);
CREATE INDEX facts_canonical ON facts(canonical, year);

-- Every commitment becomes a task; a task's state is derived from its
-- events, which are only ever appended.
CREATE TABLE tasks (
	id          BIGSERIAL PRIMARY KEY,
	fact_id     BIGINT NOT NULL UNIQUE REFERENCES facts(id) ON DELETE CASCADE,
	report_id   BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	region      TEXT NOT NULL,
	region_code TEXT NOT NULL,
	year        INTEGER NOT NULL,
	title       TEXT NOT NULL,
	quote       TEXT NOT NULL
);
CREATE INDEX tasks_region ON tasks(region_code, year);
CREATE INDEX tasks_report ON tasks(report_id);

CREATE TABLE task_events (
	id      BIGSERIAL PRIMARY KEY,
	task_id BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
	seq     INTEGER NOT NULL,
	at      TIMESTAMPTZ NOT NULL,
	actor   TEXT NOT NULL,
	kind    TEXT NOT NULL,
	data    TEXT NOT NULL,
	UNIQUE (task_id, seq)
);
-- Events are history: they are never changed.
CREATE FUNCTION task_events_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'task events are append-only'; END $$;
CREATE TRIGGER task_events_no_update BEFORE UPDATE ON task_events
	FOR EACH ROW EXECUTE FUNCTION task_events_append_only();

-- Accounts for writing through the server. Secrets are stored hashed.
CREATE TABLE users (
	id       BIGSERIAL PRIMARY KEY,
	name     TEXT NOT NULL UNIQUE,
	role     TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
	unit     TEXT NOT NULL DEFAULT '',
	password TEXT NOT NULL, -- argon2id, PHC string
	created  TIMESTAMPTZ NOT NULL
);
CREATE TABLE sessions (
	token   TEXT PRIMARY KEY, -- SHA-256 of the cookie value
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf    TEXT NOT NULL,
	expires TIMESTAMPTZ NOT NULL
);
CREATE TABLE api_tokens (
	token   TEXT PRIMARY KEY, -- SHA-256 of the token
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name    TEXT NOT NULL,
	created TIMESTAMPTZ NOT NULL
);

-- Files attached to task updates as evidence, kept byte for byte and
-- named by their SHA-256.
CREATE TABLE evidence (
	sha256 TEXT PRIMARY KEY,
	name   TEXT NOT NULL,
	bytes  BYTEA NOT NULL,
	added  TIMESTAMPTZ NOT NULL
);

-- Corrections people make to a report's identity: kept forever, with the
-- identity before and after.
CREATE TABLE identity_corrections (
	id        BIGSERIAL PRIMARY KEY,
	report_id BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	at        TIMESTAMPTZ NOT NULL,
	actor     TEXT NOT NULL,
	before    TEXT NOT NULL,
	after     TEXT NOT NULL
);
CREATE INDEX identity_corrections_report ON identity_corrections(report_id);

-- The full-text index: passages of the cleaned texts with their bigram
-- tokens (package search) as a tsvector built in Go, positions included
-- for phrases, under a GIN index. A passage is indexed in the transaction
-- that stores its report: GIN's pending list makes that cheap, so there
-- is no separate flush as in SQLite.
CREATE TABLE passages (
	id        BIGSERIAL PRIMARY KEY,
	report_id BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	start     INTEGER NOT NULL,
	"end"     INTEGER NOT NULL,
	raw_start INTEGER NOT NULL,
	raw_end   INTEGER NOT NULL,
	section   TEXT NOT NULL,
	heading   BOOLEAN NOT NULL,
	tokens    TSVECTOR NOT NULL
);
CREATE INDEX passages_report ON passages(report_id);
CREATE INDEX passages_tokens ON passages USING gin(tokens);
