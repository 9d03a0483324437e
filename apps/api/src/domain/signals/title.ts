/** Derived titles stay short enough to scan in a list; the full payload is kept on the signal. */
export const maxDerivedTitleLength = 200;

const displayNames: Record<string, string> = { github: 'GitHub', sentry: 'Sentry', posthog: 'PostHog' };

export const sourceDisplayName = (source: string) => displayNames[source.toLowerCase()] ?? source;

/** Collapses whitespace (titles are one line) and cuts at the limit with an ellipsis. */
export function shortTitle(text: string, max = maxDerivedTitleLength): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

function firstText(...values: unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

/**
 * A signal's title: the one given, else the payload's `title` or `message`, else "<Source>: <type>".
 */
export function deriveSignalTitle(input: {
  title?: string | undefined;
  source: string;
  type: string;
  payload: Record<string, unknown>;
}): string {
  if (input.title?.trim()) return input.title.trim();
  const fromPayload = firstText(input.payload.title, input.payload.message);
  return shortTitle(fromPayload ?? `${sourceDisplayName(input.source)}: ${input.type}`);
}
