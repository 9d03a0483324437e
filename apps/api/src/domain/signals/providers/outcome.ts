import type { SignalInput } from '../ingest';

/**
 * What a provider normaliser makes of one verified delivery. Normalisers are pure: they read the
 * payload and headers, never the database, so each event → signal rule is testable on its own.
 */
export type ProviderOutcome =
  | { kind: 'signal'; signal: Omit<SignalInput, 'projectId'> }
  | { kind: 'ignored'; reason: string }
  | { kind: 'handshake'; handshake: string };

export const ignored = (reason: string): ProviderOutcome => ({ kind: 'ignored', reason });

export const linkTo = (label: string, url: string | undefined) => (url ? `[${label}](${url})` : null);

// Provider payloads are trusted (they are signed) but not typed: these readers never throw on a
// missing or oddly shaped field, so an unexpected payload is ignored or titled generically, not a 500.

export type Json = Record<string, unknown>;

export function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
