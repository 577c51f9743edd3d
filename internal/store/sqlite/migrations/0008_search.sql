-- The full-text index: passages of the cleaned texts, and their bigram
-- tokens (package search) in a contentless FTS5 table whose rowid is the
-- passage id. Offsets are bytes of the cleaned text and of the raw file.
-- A passage whose report is deleted leaves its tokens, which the join to
-- passages drops. A passage is stored with its report, in the same
-- transaction; its tokens go into the index many reports at a time, since
-- FTS5 writes a segment per transaction and one a report is slow.
CREATE TABLE passages (
	id        INTEGER PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	start     INTEGER NOT NULL,
	end       INTEGER NOT NULL,
	raw_start INTEGER NOT NULL,
	raw_end   INTEGER NOT NULL,
	section   TEXT NOT NULL,
	heading   INTEGER NOT NULL,
	indexed   INTEGER NOT NULL DEFAULT 0 -- its tokens are in passage_fts
);
CREATE INDEX passages_report ON passages(report_id);
-- Passages stored with their report, their tokens not yet in the index.
CREATE INDEX passages_pending ON passages(source_id) WHERE indexed = 0;
CREATE VIRTUAL TABLE passage_fts USING fts5(tokens, content='', tokenize="ascii tokenchars '.%'");
