import { operationsOf } from './complete-responses';
import type { OpenApiDocument } from './document';

/** Shown above each resource's operations on the reference page. Tags not listed here still appear. */
const tagDescriptions: Record<string, string> = {
  Service: 'Public service routes: identity and health (no key needed).',
  Issues: 'Everything is an issue: signal → hypothesis → plan → task → monitor. Named by id or number.',
  Comments: 'Notes on an issue from humans, agents and the system.',
  Relations: 'Links between issues (blocks, blocked by, related, duplicate); a live blocker holds an issue back from dispatch.',
  Labels: 'Coloured labels attached to issues.',
  Projects: 'Groups of issues, optionally working toward one goal.',
  Goals: 'Measurable targets a project works toward.',
  Signals: 'Raw evidence from the outside world; each accepted signal opens one triage issue.',
  Webhooks: 'Provider deliveries (GitHub, Sentry, PostHog), each verified its provider’s own way instead of a bearer key.',
  Templates: 'Human-authored, versioned prompt templates, selected by conditions and specificity.',
  'Prompt reviews': 'Ratings of the prompts agents were given; they trigger prompt improvements.',
  Dispatch: 'What should an agent work on next: the highest-priority unblocked issue and its prompt, under a lease.',
  Dashboard: 'Aggregates for the dashboard: counts, goal progress, activity and prompt health.',
  'API keys': 'Bearer keys: created, listed (never their secrets) and revoked.',
  OpenAPI: 'This document.',
};

/** Declares every tag the operations use, in order of first use, with its description when known. */
export function declareTags(document: OpenApiDocument): OpenApiDocument {
  const names = new Set<string>();
  for (const { operation } of operationsOf(document)) for (const tag of operation.tags ?? []) names.add(tag);
  document.tags = [...names].map((name) => (tagDescriptions[name] ? { name, description: tagDescriptions[name] } : { name }));
  return document;
}
