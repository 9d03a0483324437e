CREATE INDEX "comments_thread_idx" ON "comments" USING btree ("issue_id","created_at","id") WHERE "comments"."parent_id" is null;--> statement-breakpoint
CREATE INDEX "issues_updated_at_idx" ON "issues" USING btree ("updated_at","id") WHERE "issues"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "issues_priority_idx" ON "issues" USING btree ("priority","id") WHERE "issues"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "issues_completed_at_idx" ON "issues" USING btree ("completed_at","id") WHERE "issues"."deleted_at" is null and "issues"."completed_at" is not null;