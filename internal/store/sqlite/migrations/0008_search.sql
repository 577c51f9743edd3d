-- The full-text index: passages of the cleaned texts, and their bigram
-- tokens (package search) in a contentless FTS5 table whose rowid is the
-- passage id. Offsets are bytes of the cleaned text and of the raw file.
-- A passage whose report is deleted leaves its tokens, which the join to
-- passages drops.
CREATE TABLE passages (
	id        INTEGER PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	start     INTEGER NOT NULL,
	end       INTEGER NOT NULL,
	raw_start INTEGER NOT NULL,
	raw_end   INTEGER NOT NULL,
	section   TEXT NOT NULL,
	heading   INTEGER NOT NULL
);
CREATE INDEX passages_report ON passages(report_id);
CREATE VIRTUAL TABLE passage_fts USING fts5(tokens, content='', tokenize="ascii tokenchars '.%'");
