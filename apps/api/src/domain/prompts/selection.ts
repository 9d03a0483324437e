import type { IssueStatus, IssueType } from '../../db/schema';

/** What a template's `conditions` are matched against: the facts of the issue being dispatched. */
export interface SelectionContext {
  type: IssueType;
  status: IssueStatus;
  priority: number;
  signalSource: string | null;
  /** Names of the issue's live labels. */
  labels: string[];
  projectId: string | null;
  /** True when an earlier claim of the issue ended `expired`, `released` or `canceled`. */
  hasFailedSessions: boolean;
  hypothesisConfidence: number | null;
}

/** The part of a template selection looks at; rows and test literals both fit. */
export interface SelectionCandidate {
  slug: string;
  conditions: Record<string, unknown>;
  specificity: number;
  projectId: string | null;
  activeVersionId: string | null;
}

/** The default template of each issue type: the fallback when no template's conditions match. */
export const defaultTemplateSlugs = {
  signal: 'signal-triage',
  hypothesis: 'hypothesis-plan',
  plan: 'plan-decompose',
  task: 'task-execute',
  monitor: 'monitor-check',
} as const satisfies Record<IssueType, string>;

const scalarKeys = [
  'type',
  'status',
  'priority',
  'signalSource',
  'projectId',
  'hasFailedSessions',
  'hypothesisConfidence',
] as const satisfies readonly (keyof SelectionContext)[];

const isScalarKey = (key: string): key is (typeof scalarKeys)[number] => (scalarKeys as readonly string[]).includes(key);

function conditionMatches(key: string, expected: unknown, context: SelectionContext): boolean {
  if (key === 'labels') {
    // Label names are unique case-insensitively, so they match that way too.
    if (!Array.isArray(expected) || !expected.every((name) => typeof name === 'string')) return false;
    const carried = new Set(context.labels.map((name) => name.toLowerCase()));
    return expected.every((name: string) => carried.has(name.toLowerCase()));
  }
  // A key the context does not know never matches: a typo must not turn a template into a catch-all.
  if (!isScalarKey(key)) return false;
  return context[key] === expected;
}

export function templateMatches(candidate: SelectionCandidate, context: SelectionContext): boolean {
  if (!candidate.activeVersionId) return false;
  // A project-scoped template is an override for its own project only.
  if (candidate.projectId !== null && candidate.projectId !== context.projectId) return false;
  return Object.entries(candidate.conditions).every(([key, expected]) => conditionMatches(key, expected, context));
}

/** Project-scoped for this issue's project first, then higher specificity, then slug order. */
function compareCandidates(a: SelectionCandidate, b: SelectionCandidate): number {
  const scopedA = a.projectId !== null ? 0 : 1;
  const scopedB = b.projectId !== null ? 0 : 1;
  if (scopedA !== scopedB) return scopedA - scopedB;
  if (a.specificity !== b.specificity) return b.specificity - a.specificity;
  return a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
}

/**
 * Picks the template for an issue, deterministically. Pure: the caller loads the candidates.
 * Returns null when nothing applies, in which case the built-in minimal prompt is used.
 */
export function selectTemplate<T extends SelectionCandidate>(candidates: readonly T[], context: SelectionContext): T | null {
  const matches = candidates.filter((candidate) => templateMatches(candidate, context)).sort(compareCandidates);
  if (matches[0]) return matches[0];
  const fallbackSlug = defaultTemplateSlugs[context.type];
  return (
    candidates.find(
      (candidate) =>
        candidate.slug === fallbackSlug &&
        candidate.activeVersionId !== null &&
        (candidate.projectId === null || candidate.projectId === context.projectId),
    ) ?? null
  );
}
