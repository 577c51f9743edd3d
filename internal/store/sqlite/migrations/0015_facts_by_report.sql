-- Facts of a report by kind and year: what the evidence pass and the
-- region pages ask (the commitments of a report, a region's results of
-- a year). It replaces the index on report_id alone, its prefix.
CREATE INDEX facts_report_kind ON facts(report_id, kind, year);
DROP INDEX facts_report;
