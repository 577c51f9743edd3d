-- Corrections people make to a report's identity: kept forever, with the
-- identity before and after.
CREATE TABLE identity_corrections (
	id        INTEGER PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL,
	before    TEXT NOT NULL,
	after     TEXT NOT NULL
);
CREATE INDEX identity_corrections_report ON identity_corrections(report_id);
