-- Each open-claim index serves its own lookup only (ADR 0052). Both gain a clause that is always true (the
-- column is NOT NULL) and that only their own lookups imply: a lookup of one issue's open claim implies
-- "issue_id is not null", the expired-lease lookup "lease_expires_at is not null". So neither lookup can be
-- answered by reading the other index whole, which generic plans chose when statistics said few claims were
-- open. Building each reads the table once, with the table locked: claims wait that long, and no second open
-- claim can slip in while the unique index is rebuilt.
DROP INDEX "dispatches_one_open_claim_key";--> statement-breakpoint
DROP INDEX "dispatches_open_lease_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "dispatches_one_open_claim_key" ON "dispatches" USING btree ("issue_id") WHERE "dispatches"."outcome" = 'claimed' and "dispatches"."issue_id" is not null;--> statement-breakpoint
CREATE INDEX "dispatches_open_lease_idx" ON "dispatches" USING btree ("lease_expires_at") WHERE "dispatches"."outcome" = 'claimed' and "dispatches"."lease_expires_at" is not null;