CREATE TYPE "public"."goal_direction" AS ENUM('increase', 'decrease');--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "direction" "goal_direction" DEFAULT 'increase' NOT NULL;