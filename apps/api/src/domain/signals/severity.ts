import { type Severity, severities } from '../../db/schema';

/** The triage issue's priority follows the signal's severity (0 none, 1 urgent … 4 low). */
export const priorityBySeverity = { critical: 1, high: 2, medium: 3, low: 4 } as const satisfies Record<Severity, number>;

/** One of the four levels, read case-insensitively; anything else is undefined. */
export function parseSeverity(value: unknown): Severity | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.trim().toLowerCase();
  return (severities as readonly string[]).includes(lower) ? (lower as Severity) : undefined;
}

/** Log levels (Sentry's, and the usual ones): fatal → critical, error → high, warning → medium, else low. */
export function severityFromLevel(level: unknown): Severity {
  switch (typeof level === 'string' ? level.toLowerCase() : undefined) {
    case 'fatal':
    case 'critical':
      return 'critical';
    case 'error':
      return 'high';
    case 'warning':
    case 'warn':
      return 'medium';
    default:
      return 'low';
  }
}
