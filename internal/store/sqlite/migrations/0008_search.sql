-- The full-text index: passages of the cleaned texts, and their bigram
-- tokens (package search) in a contentless FTS5 table whose rowid is the
-- passage id. Offsets are bytes of the cleaned text and of the raw file.
-- A passage whose report is deleted leaves its tokens, which the join to
-- passages drops. A passage is stored with its report, in the same
-- transaction; its tokens go into the index many reports at a time, since
-- FTS5 writes a segment per transaction and one a report is slow.
CREATE TABLE passages (
	id        INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: the index's watermark counts on it
	report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	start     INTEGER NOT NULL,
	end       INTEGER NOT NULL,
	raw_start INTEGER NOT NULL,
	raw_end   INTEGER NOT NULL,
	section   TEXT NOT NULL,
	heading   INTEGER NOT NULL
);
-- The passages whose tokens are in the index: every id up to this one.
CREATE TABLE search_state (indexed_through INTEGER NOT NULL);
INSERT INTO search_state VALUES (0);
CREATE VIRTUAL TABLE passage_fts USING fts5(tokens, content='', tokenize="ascii tokenchars '.%'");
