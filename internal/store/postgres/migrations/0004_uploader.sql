-- Who brought each copy in: the account that uploaded it, or the person
-- who ran ingest.
ALTER TABLE sources ADD COLUMN uploader TEXT NOT NULL DEFAULT '';
