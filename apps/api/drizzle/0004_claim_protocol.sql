CREATE TYPE "public"."api_key_role" AS ENUM('admin', 'agent');--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "role" "api_key_role" DEFAULT 'admin' NOT NULL;--> statement-breakpoint
ALTER TABLE "dispatches" ADD COLUMN "commits" jsonb;--> statement-breakpoint
ALTER TABLE "dispatches" ADD COLUMN "pull_requests" jsonb;--> statement-breakpoint
ALTER TABLE "dispatches" ADD COLUMN "api_key_id" text;--> statement-breakpoint
ALTER TABLE "dispatches" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "dispatches_idempotency_key" ON "dispatches" USING btree ("api_key_id","idempotency_key") WHERE "dispatches"."idempotency_key" is not null;