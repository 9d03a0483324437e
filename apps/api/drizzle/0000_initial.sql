CREATE TYPE "public"."author_type" AS ENUM('human', 'agent');--> statement-breakpoint
CREATE TYPE "public"."dispatch_outcome" AS ENUM('claimed', 'done', 'canceled', 'expired', 'released');--> statement-breakpoint
CREATE TYPE "public"."goal_status" AS ENUM('active', 'achieved', 'abandoned');--> statement-breakpoint
CREATE TYPE "public"."issue_status" AS ENUM('triage', 'backlog', 'todo', 'in_progress', 'done', 'canceled');--> statement-breakpoint
CREATE TYPE "public"."issue_type" AS ENUM('signal', 'hypothesis', 'plan', 'task', 'monitor');--> statement-breakpoint
CREATE TYPE "public"."project_health" AS ENUM('on_track', 'at_risk', 'off_track');--> statement-breakpoint
CREATE TYPE "public"."project_status" AS ENUM('backlog', 'planned', 'active', 'paused', 'completed', 'canceled');--> statement-breakpoint
CREATE TYPE "public"."relation_type" AS ENUM('blocks', 'blocked_by', 'related', 'duplicate');--> statement-breakpoint
CREATE TYPE "public"."severity" AS ENUM('low', 'medium', 'high', 'critical');--> statement-breakpoint
CREATE TYPE "public"."version_status" AS ENUM('active', 'draft', 'retired');--> statement-breakpoint
CREATE TABLE "comments" (
	"id" text PRIMARY KEY NOT NULL,
	"body" text NOT NULL,
	"issue_id" text NOT NULL,
	"author_name" text NOT NULL,
	"author_type" "author_type" NOT NULL,
	"parent_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "comments_id_issue_id_key" UNIQUE("id","issue_id"),
	CONSTRAINT "comments_body_not_empty" CHECK (char_length("comments"."body") > 0)
);
--> statement-breakpoint
CREATE TABLE "issue_labels" (
	"issue_id" text NOT NULL,
	"label_id" text NOT NULL,
	CONSTRAINT "issue_labels_issue_id_label_id_pk" PRIMARY KEY("issue_id","label_id")
);
--> statement-breakpoint
CREATE TABLE "issue_relations" (
	"id" text PRIMARY KEY NOT NULL,
	"type" "relation_type" NOT NULL,
	"issue_id" text NOT NULL,
	"related_issue_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "issue_relations_fact_key" UNIQUE("type","issue_id","related_issue_id"),
	CONSTRAINT "issue_relations_no_self" CHECK ("issue_relations"."issue_id" <> "issue_relations"."related_issue_id"),
	CONSTRAINT "issue_relations_canonical_type" CHECK ("issue_relations"."type" <> 'blocked_by'),
	CONSTRAINT "issue_relations_symmetric_order" CHECK ("issue_relations"."type" = 'blocks' or "issue_relations"."issue_id" collate "C" < "issue_relations"."related_issue_id" collate "C")
);
--> statement-breakpoint
CREATE TABLE "issues" (
	"id" text PRIMARY KEY NOT NULL,
	"number" integer GENERATED ALWAYS AS IDENTITY (sequence name "issues_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"title" text NOT NULL,
	"description" text,
	"type" "issue_type" NOT NULL,
	"status" "issue_status" DEFAULT 'triage' NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"parent_id" text,
	"project_id" text,
	"signal_source" text,
	"signal_payload" jsonb,
	"hypothesis" jsonb,
	"agent_session_id" text,
	"agent_summary" text,
	"commits" jsonb,
	"pull_requests" jsonb,
	"completed_at" timestamp with time zone,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "issues_priority_range" CHECK ("issues"."priority" between 0 and 4),
	CONSTRAINT "issues_title_length" CHECK (char_length("issues"."title") between 1 and 500),
	CONSTRAINT "issues_not_own_parent" CHECK ("issues"."parent_id" <> "issues"."id")
);
--> statement-breakpoint
CREATE TABLE "labels" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"color" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "labels_color_hex" CHECK ("labels"."color" ~ '^#[0-9A-Fa-f]{6}$')
);
--> statement-breakpoint
CREATE TABLE "goals" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"metric" text,
	"target_value" double precision,
	"current_value" double precision,
	"unit" text,
	"status" "goal_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"status" "project_status" DEFAULT 'backlog' NOT NULL,
	"health" "project_health" DEFAULT 'on_track' NOT NULL,
	"goal_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "signals" (
	"id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"source_id" text,
	"delivery_id" text,
	"type" text NOT NULL,
	"severity" "severity" NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"issue_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "signals_source_delivery_id_key" UNIQUE("source","delivery_id"),
	CONSTRAINT "signals_issue_id_key" UNIQUE("issue_id")
);
--> statement-breakpoint
CREATE TABLE "prompt_reviews" (
	"id" text PRIMARY KEY NOT NULL,
	"version_id" text NOT NULL,
	"issue_id" text NOT NULL,
	"clarity" integer NOT NULL,
	"completeness" integer NOT NULL,
	"relevance" integer NOT NULL,
	"feedback" text,
	"author_type" "author_type" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prompt_reviews_clarity_range" CHECK ("prompt_reviews"."clarity" between 1 and 5),
	CONSTRAINT "prompt_reviews_completeness_range" CHECK ("prompt_reviews"."completeness" between 1 and 5),
	CONSTRAINT "prompt_reviews_relevance_range" CHECK ("prompt_reviews"."relevance" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "prompt_templates" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"conditions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"specificity" integer DEFAULT 10 NOT NULL,
	"project_id" text,
	"active_version_id" text,
	"improvement_issue_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "prompt_templates_slug_format" CHECK ("prompt_templates"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and "prompt_templates"."slug" <> 'preview')
);
--> statement-breakpoint
CREATE TABLE "prompt_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"template_id" text NOT NULL,
	"version" integer NOT NULL,
	"content" text NOT NULL,
	"changelog" text,
	"author_type" "author_type" DEFAULT 'human' NOT NULL,
	"author_name" text,
	"status" "version_status" DEFAULT 'draft' NOT NULL,
	"activated_at" timestamp with time zone,
	"usage_count" integer DEFAULT 0 NOT NULL,
	"completion_rate" double precision,
	"avg_duration_ms" double precision,
	"review_score" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prompt_versions_template_version_key" UNIQUE("template_id","version"),
	CONSTRAINT "prompt_versions_version_positive" CHECK ("prompt_versions"."version" >= 1),
	CONSTRAINT "prompt_versions_completion_rate_ratio" CHECK ("prompt_versions"."completion_rate" is null or "prompt_versions"."completion_rate" between 0 and 1),
	CONSTRAINT "prompt_versions_usage_count_positive" CHECK ("prompt_versions"."usage_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dispatches" (
	"id" text PRIMARY KEY NOT NULL,
	"issue_id" text NOT NULL,
	"template_id" text,
	"version_id" text,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_expires_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" "dispatch_outcome" DEFAULT 'claimed' NOT NULL,
	"agent_session_id" text,
	"summary" text
);
--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_parent_same_issue_fk" FOREIGN KEY ("parent_id","issue_id") REFERENCES "public"."comments"("id","issue_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_labels" ADD CONSTRAINT "issue_labels_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_labels" ADD CONSTRAINT "issue_labels_label_id_labels_id_fk" FOREIGN KEY ("label_id") REFERENCES "public"."labels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_relations" ADD CONSTRAINT "issue_relations_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_relations" ADD CONSTRAINT "issue_relations_related_issue_id_issues_id_fk" FOREIGN KEY ("related_issue_id") REFERENCES "public"."issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issues" ADD CONSTRAINT "issues_parent_id_issues_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issues" ADD CONSTRAINT "issues_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signals" ADD CONSTRAINT "signals_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prompt_reviews" ADD CONSTRAINT "prompt_reviews_version_id_prompt_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."prompt_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prompt_reviews" ADD CONSTRAINT "prompt_reviews_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prompt_templates" ADD CONSTRAINT "prompt_templates_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prompt_templates" ADD CONSTRAINT "prompt_templates_active_version_id_prompt_versions_id_fk" FOREIGN KEY ("active_version_id") REFERENCES "public"."prompt_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prompt_templates" ADD CONSTRAINT "prompt_templates_improvement_issue_id_issues_id_fk" FOREIGN KEY ("improvement_issue_id") REFERENCES "public"."issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prompt_versions" ADD CONSTRAINT "prompt_versions_template_id_prompt_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."prompt_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_template_id_prompt_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."prompt_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_version_id_prompt_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."prompt_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comments_issue_id_idx" ON "comments" USING btree ("issue_id","created_at");--> statement-breakpoint
CREATE INDEX "comments_parent_id_idx" ON "comments" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "issue_labels_label_id_idx" ON "issue_labels" USING btree ("label_id");--> statement-breakpoint
CREATE INDEX "issue_relations_issue_id_idx" ON "issue_relations" USING btree ("issue_id");--> statement-breakpoint
CREATE INDEX "issue_relations_related_issue_id_idx" ON "issue_relations" USING btree ("related_issue_id");--> statement-breakpoint
CREATE UNIQUE INDEX "issues_number_key" ON "issues" USING btree ("number");--> statement-breakpoint
CREATE INDEX "issues_parent_id_idx" ON "issues" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "issues_project_id_idx" ON "issues" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "issues_project_status_idx" ON "issues" USING btree ("project_id","status") WHERE "issues"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "issues_status_priority_idx" ON "issues" USING btree ("status","priority") WHERE "issues"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "issues_created_at_idx" ON "issues" USING btree ("created_at","id") WHERE "issues"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "issues_search_idx" ON "issues" USING gin (to_tsvector('simple', "title" || ' ' || coalesce("description", ''))) WHERE "issues"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "labels_name_live_key" ON "labels" USING btree (lower("name")) WHERE "labels"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "goals_status_idx" ON "goals" USING btree ("status") WHERE "goals"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "projects_goal_id_live_key" ON "projects" USING btree ("goal_id") WHERE "projects"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "projects_goal_id_idx" ON "projects" USING btree ("goal_id");--> statement-breakpoint
CREATE INDEX "projects_status_idx" ON "projects" USING btree ("status") WHERE "projects"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "projects_created_at_idx" ON "projects" USING btree ("created_at","id") WHERE "projects"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "signals_payload_idx" ON "signals" USING gin ("payload");--> statement-breakpoint
CREATE INDEX "signals_created_at_idx" ON "signals" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "signals_source_idx" ON "signals" USING btree ("source","created_at");--> statement-breakpoint
CREATE INDEX "signals_severity_idx" ON "signals" USING btree ("severity","created_at");--> statement-breakpoint
CREATE INDEX "prompt_reviews_version_id_idx" ON "prompt_reviews" USING btree ("version_id","created_at");--> statement-breakpoint
CREATE INDEX "prompt_reviews_issue_id_idx" ON "prompt_reviews" USING btree ("issue_id");--> statement-breakpoint
CREATE UNIQUE INDEX "prompt_templates_slug_live_key" ON "prompt_templates" USING btree ("slug") WHERE "prompt_templates"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "prompt_templates_project_id_idx" ON "prompt_templates" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "prompt_templates_active_version_id_idx" ON "prompt_templates" USING btree ("active_version_id");--> statement-breakpoint
CREATE INDEX "prompt_templates_improvement_issue_id_idx" ON "prompt_templates" USING btree ("improvement_issue_id");--> statement-breakpoint
CREATE UNIQUE INDEX "prompt_versions_one_active_key" ON "prompt_versions" USING btree ("template_id") WHERE "prompt_versions"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "dispatches_one_open_claim_key" ON "dispatches" USING btree ("issue_id") WHERE "dispatches"."outcome" = 'claimed';--> statement-breakpoint
CREATE INDEX "dispatches_issue_id_idx" ON "dispatches" USING btree ("issue_id","claimed_at");--> statement-breakpoint
CREATE INDEX "dispatches_template_id_idx" ON "dispatches" USING btree ("template_id");--> statement-breakpoint
CREATE INDEX "dispatches_version_id_idx" ON "dispatches" USING btree ("version_id");--> statement-breakpoint
CREATE INDEX "dispatches_claimed_at_idx" ON "dispatches" USING btree ("claimed_at");