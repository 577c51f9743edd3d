CREATE TABLE reports (
	id          INTEGER PRIMARY KEY,
	region      TEXT NOT NULL,
	region_code TEXT NOT NULL,
	level       TEXT NOT NULL,
	year        INTEGER NOT NULL,
	identity    TEXT NOT NULL, -- report.Identity as JSON
	added       TEXT NOT NULL
);
CREATE INDEX reports_region ON reports(region_code, year);

CREATE TABLE sources (
	id        INTEGER PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	path      TEXT NOT NULL,
	sha256    TEXT NOT NULL UNIQUE,
	format    TEXT NOT NULL,
	encoding  TEXT NOT NULL,
	page      INTEGER NOT NULL,
	pages     INTEGER NOT NULL,
	title     TEXT NOT NULL,
	raw       BLOB NOT NULL,
	layer     BLOB,
	clean     TEXT NOT NULL,
	offsets   BLOB NOT NULL,
	summary   TEXT NOT NULL,
	minhash   BLOB NOT NULL,
	added     TEXT NOT NULL
);
CREATE INDEX sources_report ON sources(report_id);

CREATE TABLE facts (
	id        INTEGER PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	kind      TEXT NOT NULL,
	indicator TEXT NOT NULL,
	canonical TEXT,
	year      INTEGER,
	section   TEXT,
	start     INTEGER NOT NULL,
	end       INTEGER NOT NULL,
	fact      TEXT NOT NULL -- report.Fact as JSON
);
CREATE INDEX facts_report ON facts(report_id);
CREATE INDEX facts_query ON facts(kind, canonical, year);
