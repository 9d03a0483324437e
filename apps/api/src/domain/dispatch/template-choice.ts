import { type SQL, sql } from 'drizzle-orm';
import { failedOutcomes } from '../prompts/context';
import { defaultTemplateSlugs, type SelectionCandidate, type SelectionContext } from '../prompts/selection';

/**
 * `selectTemplate` (prompts/selection.ts) as SQL, so the claim statement can record the template and
 * count its version's use without another round trip. `selectTemplate` stays the reference: the
 * claim checks this choice against it once the context is loaded and corrects the dispatch when the
 * two differ — which only odd data can cause: JavaScript lower-cases label names with full Unicode
 * rules where the database's `lower()` may not, and compares numbers as doubles where jsonb compares
 * them as exact decimals.
 *
 * The fragments are parts of the claim statement (`claim.ts`): they read its CTEs `candidate` (the
 * issue being claimed, as it was picked) and `closed` (its stale claim, closed by the same statement),
 * and each other's: `selection_facts`, `template_candidates`.
 */

/** A template as the choice saw it, in the shape `selectTemplate` takes. */
export interface TemplateCandidate extends SelectionCandidate {
  id: string;
}

const literal = (text: string) => sql.raw(`'${text.replace(/'/g, "''")}'`);
const list = (values: readonly string[]) => sql.join(values.map(literal), sql`, `);

/**
 * The facts conditions compare with by equality, one per scalar key of `SelectionContext` (the type
 * makes a key added there fail to compile here). Any other key in `conditions` never matches.
 */
const scalarFacts: { [K in Exclude<keyof SelectionContext, 'labels'>]: SQL } = {
  type: sql`candidate.type`,
  // The status it was picked in: a signal is matched as `triage`, as a preview would see it.
  status: sql`candidate.status`,
  priority: sql`candidate.priority`,
  signalSource: sql`candidate.signal_source`,
  projectId: sql`live_project.id`,
  // Earlier failed claims, plus the stale claim this very statement closes (expired or released).
  hasFailedSessions: sql`(exists (
      select 1 from dispatches earlier
      where earlier.issue_id = candidate.id and earlier.outcome in (${list(failedOutcomes)})
    ) or exists (select 1 from closed))`,
  hypothesisConfidence: sql`coalesce(candidate.hypothesis -> 'confidence', 'null'::jsonb)`,
};

/** One row: the selection context of the picked issue (`scalars` as jsonb, `labels` lower-cased). */
export const selectionFactsSql = (): SQL => sql`select
    candidate.type,
    live_project.id as project_id,
    jsonb_build_object(${sql.join(
      Object.entries(scalarFacts).map(([key, value]) => sql`${literal(key)}, ${value}`),
      sql`, `,
    )}) as scalars,
    array(
      select lower(label.name) from issue_labels carried
      join labels label on label.id = carried.label_id
      where carried.issue_id = candidate.id and label.deleted_at is null
    ) as labels
  from candidate
  left join projects live_project on live_project.id = candidate.project_id and live_project.deleted_at is null`;

/** Every live template, with its version only when that version really is active. */
export const templateCandidatesSql = (): SQL => sql`select
    template.id, template.slug, template.conditions, template.specificity, template.project_id,
    active.id as version_id, active.version, active.content
  from prompt_templates template
  left join prompt_versions active on active.id = template.active_version_id and active.status = 'active'
  where template.deleted_at is null`;

/** The candidates as `TemplateCandidate`s (a jsonb array), for the check against `selectTemplate`. */
export const templateCandidatesJsonSql = (): SQL => sql`(select coalesce(jsonb_agg(jsonb_build_object(
    'id', tc.id, 'slug', tc.slug, 'conditions', tc.conditions, 'specificity', tc.specificity,
    'projectId', tc.project_id, 'activeVersionId', tc.version_id
  )), '[]'::jsonb) from template_candidates tc)`;

/**
 * Whether every key of the template's conditions holds: `labels` when it is a list of names the
 * issue carries (any case), a known scalar key by jsonb equality (never an object or an array, which
 * `===` in JavaScript never equals either), an unknown key never. CASE keeps the array functions away
 * from values that are not arrays.
 */
const conditionsHold = sql`not exists (
    select 1 from jsonb_each(tc.conditions) as condition(key, value)
    where not (case
      when condition.key = 'labels' then (case
        when jsonb_typeof(condition.value) = 'array' then not exists (
          select 1 from jsonb_array_elements(condition.value) as wanted(name)
          where case
            when jsonb_typeof(wanted.name) = 'string' then not (lower(wanted.name #>> '{}') = any (facts.labels))
            else true
          end
        )
        else false
      end)
      when facts.scalars ? condition.key then (case
        when jsonb_typeof(condition.value) in ('object', 'array') then false
        else condition.value = (facts.scalars -> condition.key)
      end)
      else false
    end)
  )`;

const defaultSlugSql = sql`(case facts.type ${sql.join(
  Object.entries(defaultTemplateSlugs).map(([type, slug]) => sql`when ${literal(type)} then ${literal(slug)}`),
  sql` `,
)} end)`;

/**
 * At most one row: the template `selectTemplate` would pick, with its active version. Matches come
 * first, ordered project-scoped, then higher specificity, then slug (byte order, as JavaScript
 * compares these ASCII slugs); without a match, the default template of the issue's type.
 */
export const chosenTemplateSql = (): SQL => sql`select
    tc.id as template_id, tc.slug, tc.version_id, tc.version, tc.content
  from selection_facts facts
  cross join template_candidates tc
  cross join lateral (select ${conditionsHold} as matched) as test
  where tc.version_id is not null
    and (tc.project_id is null or tc.project_id = facts.project_id)
    and (test.matched or tc.slug = ${defaultSlugSql})
  order by test.matched desc, (tc.project_id is not null) desc, tc.specificity desc, tc.slug collate "C"
  limit 1`;
