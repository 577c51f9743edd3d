-- People's reviews of facts: confirmed, corrected (with the fact as
-- corrected) or rejected; kept forever, the latest is the standing one.
CREATE TABLE reviews (
	id        BIGSERIAL PRIMARY KEY,
	fact_id   BIGINT NOT NULL REFERENCES facts(id),
	report_id BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	action    TEXT NOT NULL CHECK (action IN ('confirm', 'correct', 'reject')),
	fact      TEXT,
	note      TEXT NOT NULL DEFAULT '',
	by        TEXT NOT NULL,
	at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX reviews_report ON reviews(report_id);
CREATE INDEX reviews_fact ON reviews(fact_id);
