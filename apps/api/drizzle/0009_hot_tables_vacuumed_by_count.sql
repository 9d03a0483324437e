-- The claim path's tables are vacuumed after a number of dead rows, not a fraction of the table (ADR 0049).
-- Every claim and every finished claim leaves a dead entry at the head of the queue's lists and in the open
-- claims' lease index until vacuum clears it, and each later claim reads past them. The default (20 % of
-- the table) lets a table of a year's claims gather tens of thousands of them first.
ALTER TABLE "issues" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000);--> statement-breakpoint
ALTER TABLE "dispatches" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000);
