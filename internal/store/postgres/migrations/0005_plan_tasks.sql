-- A task may come from the office's 分工方案 rather than from a report's
-- commitment: it then has no fact, and origin_file (the SHA-256 of the
-- sheet, kept as an evidence file) and origin_row name the row it was made
-- from.
ALTER TABLE tasks ALTER COLUMN fact_id DROP NOT NULL;
ALTER TABLE tasks ADD COLUMN origin_file TEXT REFERENCES evidence(sha256);
ALTER TABLE tasks ADD COLUMN origin_row INTEGER;
ALTER TABLE tasks ADD CONSTRAINT tasks_origin CHECK ((fact_id IS NULL) = (origin_file IS NOT NULL AND origin_row > 0));
