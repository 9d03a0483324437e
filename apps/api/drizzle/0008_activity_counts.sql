CREATE TABLE "row_counts" (
	"table_name" text NOT NULL,
	"slot" integer NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "row_counts_table_name_slot_pk" PRIMARY KEY("table_name","slot")
);
--> statement-breakpoint
CREATE INDEX "issues_done_at_idx" ON "issues" USING btree ("completed_at") WHERE "issues"."deleted_at" is null and "issues"."status" = 'done';--> statement-breakpoint
CREATE INDEX "issues_deleted_idx" ON "issues" USING btree ("id") WHERE "issues"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "issues_closed_undated_idx" ON "issues" USING btree ("id") WHERE "issues"."deleted_at" is null and "issues"."completed_at" is null and "issues"."status" in ('done', 'canceled');--> statement-breakpoint
-- The counts as of now, then kept by the triggers below (ADR 0042).
INSERT INTO "row_counts" ("table_name", "slot", "count")
SELECT 'dispatches', 0, count(*)::int FROM "dispatches"
UNION ALL
SELECT 'prompt_reviews', 0, count(*)::int FROM "prompt_reviews";--> statement-breakpoint
-- One statement's inserted or deleted rows, added to the writer's slot of the table's count.
CREATE FUNCTION "row_counts_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO row_counts AS c (table_name, slot, count)
    SELECT TG_TABLE_NAME, pg_backend_pid() % 8, count(*)::int FROM row_counts_new HAVING count(*) > 0
    ON CONFLICT (table_name, slot) DO UPDATE SET count = c.count + excluded.count;
  ELSE
    INSERT INTO row_counts AS c (table_name, slot, count)
    SELECT TG_TABLE_NAME, pg_backend_pid() % 8, -count(*)::int FROM row_counts_old HAVING count(*) > 0
    ON CONFLICT (table_name, slot) DO UPDATE SET count = c.count + excluded.count;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "row_counts_on_insert" AFTER INSERT ON "dispatches"
  REFERENCING NEW TABLE AS row_counts_new FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_apply"();--> statement-breakpoint
CREATE TRIGGER "row_counts_on_delete" AFTER DELETE ON "dispatches"
  REFERENCING OLD TABLE AS row_counts_old FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_apply"();--> statement-breakpoint
CREATE TRIGGER "row_counts_on_insert" AFTER INSERT ON "prompt_reviews"
  REFERENCING NEW TABLE AS row_counts_new FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_apply"();--> statement-breakpoint
CREATE TRIGGER "row_counts_on_delete" AFTER DELETE ON "prompt_reviews"
  REFERENCING OLD TABLE AS row_counts_old FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_apply"();
