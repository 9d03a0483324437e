import { parseSeverity } from '../severity';
import { shortTitle } from '../title';
import { linkTo, type Json, type ProviderOutcome, record, text } from './outcome';

export interface PosthogDelivery {
  /** The destination's body: by default `{"event": {...}, "person": {...}}`, but users edit it. */
  payload: Json;
  /** `webhook-id`, when PostHog signs with Standard Webhooks. */
  webhookId?: string | undefined;
}

/**
 * PostHog deliveries are whatever body the user configured, so nothing is required: every delivery
 * that reaches the endpoint was selected by the destination's filters and becomes a signal.
 * Type: `event.event` (or a string `event`, or `type`). Key: `event.uuid`, else `webhook-id`.
 * Severity: the first valid level among a top-level `severity` and `event.properties.severity`,
 * else medium.
 */
export function normalizePosthogDelivery(delivery: PosthogDelivery): ProviderOutcome {
  const payload = delivery.payload;
  const event = record(payload.event);
  const properties = record(event.properties);
  const type = shortTitle(text(event.event) ?? text(payload.event) ?? text(payload.type) ?? 'event', 100);
  const uuid = text(event.uuid);
  const detail = text(payload.message) ?? text(properties.message) ?? text(properties.$exception_message);

  return {
    kind: 'signal',
    signal: {
      source: 'posthog',
      type,
      severity: parseSeverity(payload.severity) ?? parseSeverity(properties.severity) ?? 'medium',
      title: shortTitle(text(payload.title) ?? `PostHog: ${type}${detail ? `: ${detail}` : ''}`),
      description: linkTo('View in PostHog', text(event.url)),
      sourceId: uuid ?? null,
      deliveryId: uuid ?? delivery.webhookId ?? null,
      payload,
    },
  };
}
