-- foreign_keys: off
-- Sources written from now on keep raw, layer, clean and offsets as one
-- zstd frame in raw (packed = 1, see pack.go); earlier rows stay as they
-- are. The table is rebuilt with the large columns last: a column stored
-- after a blob is reached only by walking the blob's overflow pages, so
-- listing reports read every file's bytes to find its name and date.
CREATE TABLE sources_new (
	id        INTEGER PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	path      TEXT NOT NULL,
	sha256    TEXT NOT NULL UNIQUE,
	format    TEXT NOT NULL,
	encoding  TEXT NOT NULL,
	page      INTEGER NOT NULL,
	pages     INTEGER NOT NULL,
	title     TEXT NOT NULL,
	summary   TEXT NOT NULL,
	minhash   BLOB NOT NULL,
	added     TEXT NOT NULL,
	uploader  TEXT NOT NULL DEFAULT '',
	packed    INTEGER NOT NULL DEFAULT 0,
	sections  TEXT NOT NULL DEFAULT '[]',
	terms     TEXT NOT NULL DEFAULT '[]',
	raw       BLOB NOT NULL,
	layer     BLOB,
	clean     TEXT NOT NULL,
	offsets   BLOB NOT NULL
);
INSERT INTO sources_new(id, report_id, path, sha256, format, encoding, page, pages, title, summary, minhash, added, uploader, sections, terms, raw, layer, clean, offsets)
	SELECT id, report_id, path, sha256, format, encoding, page, pages, title, summary, minhash, added, uploader, sections, terms, raw, layer, clean, offsets FROM sources;
DROP TABLE sources;
ALTER TABLE sources_new RENAME TO sources;
CREATE INDEX sources_report ON sources(report_id);
