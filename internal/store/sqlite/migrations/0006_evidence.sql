-- Files attached to task updates as evidence, kept byte for byte and
-- named by their SHA-256.
CREATE TABLE evidence (
	sha256 TEXT PRIMARY KEY,
	name   TEXT NOT NULL,
	bytes  BLOB NOT NULL,
	added  TEXT NOT NULL
);
