-- The open claims' lease index serves lookups by lease only (ADR 0052). Its predicate gains a clause that is
-- always true (the column is NOT NULL) but that a lookup of one issue's open claim does not imply, so the planner
-- can no longer answer that lookup by reading the whole index, which it chose when its statistics said few
-- claims were open. The index holds open claims only, so rebuilding it is quick.
DROP INDEX "dispatches_open_lease_idx";--> statement-breakpoint
CREATE INDEX "dispatches_open_lease_idx" ON "dispatches" USING btree ("lease_expires_at") WHERE "dispatches"."outcome" = 'claimed' and "dispatches"."lease_expires_at" is not null;