ALTER TABLE "prompt_versions" DROP CONSTRAINT "prompt_versions_completion_rate_ratio";--> statement-breakpoint
ALTER TABLE "prompt_versions" DROP COLUMN "completion_rate";--> statement-breakpoint
ALTER TABLE "prompt_versions" DROP COLUMN "avg_duration_ms";