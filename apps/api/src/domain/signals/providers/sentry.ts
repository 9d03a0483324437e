import type { Severity } from '../../../db/schema';
import { severityFromLevel } from '../severity';
import { shortTitle } from '../title';
import { ignored, type Json, linkTo, type ProviderOutcome, record, text } from './outcome';

export interface SentryDelivery {
  /** `Sentry-Hook-Resource` */
  resource: string;
  /** `{action, installation: {uuid}, data, actor}` */
  payload: Json;
}

const metricAlertSeverity: Partial<Record<string, Severity>> = { critical: 'high', warning: 'medium' };

interface Context {
  resource: string;
  action: string;
  installation: string;
  payload: Json;
}

/**
 * Sentry resource/action → signal (see docs/webhooks.md for the table). Sentry has no stable
 * delivery id (`Request-ID` changes on every retry), so the idempotency key is built from what the
 * delivery is about: resource, action, the entity's id and the installation.
 */
export function normalizeSentryDelivery(delivery: SentryDelivery): ProviderOutcome {
  const payload = delivery.payload;
  const ctx: Context = {
    resource: delivery.resource,
    action: text(payload.action) ?? 'none',
    installation: text(record(payload.installation).uuid) ?? 'unknown-installation',
    payload,
  };
  const data = record(payload.data);

  switch (ctx.resource) {
    case 'installation':
      return { kind: 'handshake', handshake: `installation.${ctx.action}` };

    case 'issue': {
      if (ctx.action !== 'created') {
        // The triage issue for this Sentry issue already exists; a status change is not new evidence.
        return ignored(`Sentry issue "${ctx.action}" changes an existing issue and does not become a signal`);
      }
      const issue = record(data.issue);
      return signal(ctx, {
        type: 'issue-created',
        severity: severityFromLevel(issue.level),
        title: headline(issue.title, issue.culprit, 'new issue'),
        entityId: text(issue.id),
        sourceId: text(issue.id),
        url: text(issue.web_url) ?? text(issue.permalink),
      });
    }

    case 'event_alert': {
      if (ctx.action !== 'triggered') return ignored(`Sentry event_alert "${ctx.action}" is not a trigger`);
      const event = record(data.event);
      return signal(ctx, {
        type: 'event-alert',
        severity: severityFromLevel(event.level),
        title: headline(event.title, event.culprit, `alert "${text(data.triggered_rule) ?? 'unnamed'}" triggered`),
        entityId: text(event.event_id),
        sourceId: text(event.issue_id),
        url: text(event.web_url),
      });
    }

    case 'metric_alert': {
      const severity = metricAlertSeverity[ctx.action];
      if (!severity) return ignored(`Sentry metric_alert "${ctx.action}" is not critical or warning`);
      const alert = record(data.metric_alert);
      const rule = text(record(alert.alert_rule).name) ?? text(alert.title) ?? 'unnamed';
      return signal(ctx, {
        type: 'metric-alert',
        severity,
        title: `Sentry: metric alert "${rule}" ${ctx.action}`,
        // One signal per alert and status: a warning that escalates to critical is new evidence.
        entityId: text(alert.id),
        sourceId: text(alert.id),
        url: text(data.web_url),
      });
    }

    case 'error': {
      if (ctx.action !== 'created') return ignored(`Sentry error "${ctx.action}" is not a new error`);
      const error = record(data.error);
      return signal(ctx, {
        type: 'error',
        severity: severityFromLevel(error.level),
        title: headline(error.title, error.culprit, 'error'),
        entityId: text(error.event_id),
        sourceId: text(error.issue_id),
        url: text(error.web_url),
      });
    }

    case 'comment':
      return ignored('Sentry comments do not become signals');

    default:
      return ignored(`Sentry "${ctx.resource}" deliveries do not become signals`);
  }
}

/** `Sentry: ZeroDivisionError: division by zero in app.checkout` */
function headline(title: unknown, culprit: unknown, fallback: string): string {
  const where = text(culprit);
  return `Sentry: ${text(title) ?? fallback}${where ? ` in ${where}` : ''}`;
}

function signal(
  ctx: Context,
  fields: {
    type: string;
    severity: Severity;
    title: string;
    entityId: string | undefined;
    sourceId: string | undefined;
    url: string | undefined;
  },
): ProviderOutcome {
  return {
    kind: 'signal',
    signal: {
      source: 'sentry',
      type: fields.type,
      severity: fields.severity,
      title: shortTitle(fields.title),
      description: linkTo('View in Sentry', fields.url),
      sourceId: fields.sourceId ?? null,
      // Without an entity id there is nothing stable to deduplicate on, so no key at all rather than
      // one that would merge unrelated deliveries.
      deliveryId: fields.entityId ? `${ctx.resource}:${ctx.action}:${fields.entityId}:${ctx.installation}` : null,
      payload: ctx.payload,
    },
  };
}
