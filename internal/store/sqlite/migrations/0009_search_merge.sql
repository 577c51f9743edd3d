-- One report is written a transaction, and each leaves a small segment in
-- the full-text index: merge them sixteen at a time, not four, so that
-- ingest spends less time rewriting the index (queries read a few more
-- segments).
INSERT INTO passage_fts(passage_fts, rank) VALUES ('automerge', 16);
