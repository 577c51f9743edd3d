-- The section tree and the glossary of each source, as JSON.
ALTER TABLE sources ADD COLUMN sections TEXT NOT NULL DEFAULT '[]';
ALTER TABLE sources ADD COLUMN terms TEXT NOT NULL DEFAULT '[]';
