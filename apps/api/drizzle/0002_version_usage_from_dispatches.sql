-- Usage is counted from dispatches (ADR 0019): the stored counter was one row that every claim rewrote.
ALTER TABLE "prompt_versions" DROP CONSTRAINT "prompt_versions_usage_count_positive";--> statement-breakpoint
ALTER TABLE "prompt_versions" DROP COLUMN "usage_count";