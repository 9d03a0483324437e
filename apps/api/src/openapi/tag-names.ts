/**
 * The tags of the OpenAPI document, the only place their names are spelled: routes write
 * `tags: [Tag.issues]`, and the document declares each one with its description (`declareTags`).
 */
export const Tag = {
  service: 'Service',
  issues: 'Issues',
  comments: 'Comments',
  relations: 'Relations',
  labels: 'Labels',
  projects: 'Projects',
  goals: 'Goals',
  signals: 'Signals',
  webhooks: 'Webhooks',
  templates: 'Prompt templates',
  dispatch: 'Dispatch',
  dashboard: 'Dashboard',
  apiKeys: 'API keys',
  openApi: 'OpenAPI',
} as const;
export type TagName = (typeof Tag)[keyof typeof Tag];

/** Shown above each resource's operations on the reference page, in this order. */
export const tagDescriptions: Record<TagName, string> = {
  Service: 'Public service routes: identity and health (no key needed).',
  Issues: 'Everything is an issue: signal → hypothesis → plan → task → monitor. Named by id or number.',
  Comments: 'Notes on an issue from humans, agents and the system.',
  Relations: 'Links between issues (blocks, blocked by, related, duplicate); a live blocker holds an issue back from dispatch.',
  Labels: 'Coloured labels attached to issues.',
  Projects: 'Groups of issues, optionally working toward one goal.',
  Goals: 'Measurable targets a project works toward.',
  Signals: 'Raw evidence from the outside world; each accepted signal opens one triage issue.',
  Webhooks: 'Provider deliveries (GitHub, Sentry, PostHog), each verified its provider’s own way instead of a bearer key.',
  'Prompt templates':
    'Human-authored, versioned prompt templates, selected by conditions and specificity; the reviews of the prompts agents were given, which trigger prompt improvements.',
  Dispatch: 'What should an agent work on next: the highest-priority unblocked issue and its prompt, under a lease.',
  Dashboard: 'Aggregates for the dashboard: counts, goal progress, activity and prompt health.',
  'API keys': 'Bearer keys: created, listed (never their secrets) and revoked.',
  OpenAPI: 'This document.',
};
