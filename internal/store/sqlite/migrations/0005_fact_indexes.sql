-- (kind, rowid): facts of a kind come in ID order, so a page of them
-- needs no sort; reports by region name for the region filter.
CREATE INDEX facts_kind ON facts(kind);
CREATE INDEX reports_region_name ON reports(region);
CREATE INDEX facts_canonical ON facts(canonical, year);
-- (canonical, year) and (kind) serve what this one did, at one index less per insert.
DROP INDEX facts_query;
