-- The boards and the unit table ask for a year's tasks of every region.
CREATE INDEX tasks_year ON tasks(year);
