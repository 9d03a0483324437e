CREATE TABLE "issue_counts" (
	"project_key" text NOT NULL,
	"status" "issue_status" NOT NULL,
	"type" "issue_type" NOT NULL,
	"priority" integer NOT NULL,
	"slot" integer NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "issue_counts_project_key_status_type_priority_slot_pk" PRIMARY KEY("project_key","status","type","priority","slot")
);
--> statement-breakpoint
CREATE INDEX "comments_thread_idx" ON "comments" USING btree ("issue_id","created_at","id") WHERE "comments"."parent_id" is null;--> statement-breakpoint
CREATE INDEX "issues_updated_at_idx" ON "issues" USING btree ("updated_at","id") WHERE "issues"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "issues_priority_idx" ON "issues" USING btree ("priority","id") WHERE "issues"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "issues_completed_at_idx" ON "issues" USING btree ("completed_at","id") WHERE "issues"."deleted_at" is null and "issues"."completed_at" is not null;--> statement-breakpoint
-- The counts as of now, then kept by the triggers below (ADR 0037).
INSERT INTO "issue_counts" ("project_key", "status", "type", "priority", "slot", "count")
SELECT coalesce("project_id", ''), "status", "type", "priority", 0, count(*)::int
FROM "issues" WHERE "deleted_at" IS NULL GROUP BY 1, 2, 3, 4;--> statement-breakpoint
-- One statement's change to the counts, from its transition tables: the rows that left a key (old,
-- live) and the rows that joined one (new, live), summed per key, applied in key order (so two
-- writers lock shared rows in the same order) to the writer's slot.
CREATE FUNCTION "issue_counts_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO issue_counts AS c (project_key, status, type, priority, slot, count)
    SELECT coalesce(project_id, ''), status, type, priority, pg_backend_pid() % 8, count(*)::int
    FROM issue_counts_new WHERE deleted_at IS NULL
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (project_key, status, type, priority, slot) DO UPDATE SET count = c.count + excluded.count;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO issue_counts AS c (project_key, status, type, priority, slot, count)
    SELECT coalesce(project_id, ''), status, type, priority, pg_backend_pid() % 8, -count(*)::int
    FROM issue_counts_old WHERE deleted_at IS NULL
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (project_key, status, type, priority, slot) DO UPDATE SET count = c.count + excluded.count;
  ELSE
    INSERT INTO issue_counts AS c (project_key, status, type, priority, slot, count)
    SELECT project_key, status, type, priority, pg_backend_pid() % 8, sum(delta)::int
    FROM (
      SELECT coalesce(project_id, '') AS project_key, status, type, priority, -1 AS delta FROM issue_counts_old WHERE deleted_at IS NULL
      UNION ALL
      SELECT coalesce(project_id, ''), status, type, priority, 1 FROM issue_counts_new WHERE deleted_at IS NULL
    ) AS moved
    GROUP BY 1, 2, 3, 4 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (project_key, status, type, priority, slot) DO UPDATE SET count = c.count + excluded.count;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "issue_counts_on_insert" AFTER INSERT ON "issues"
  REFERENCING NEW TABLE AS issue_counts_new FOR EACH STATEMENT EXECUTE FUNCTION "issue_counts_apply"();--> statement-breakpoint
CREATE TRIGGER "issue_counts_on_update" AFTER UPDATE ON "issues"
  REFERENCING OLD TABLE AS issue_counts_old NEW TABLE AS issue_counts_new FOR EACH STATEMENT EXECUTE FUNCTION "issue_counts_apply"();--> statement-breakpoint
CREATE TRIGGER "issue_counts_on_delete" AFTER DELETE ON "issues"
  REFERENCING OLD TABLE AS issue_counts_old FOR EACH STATEMENT EXECUTE FUNCTION "issue_counts_apply"();
