import type { Severity } from '../../../db/schema';
import { parseSeverity } from '../severity';
import { shortTitle } from '../title';
import { ignored, type Json, linkTo, type ProviderOutcome, record, text } from './outcome';

export interface GithubDelivery {
  /** `X-GitHub-Event` */
  event: string;
  /** `X-GitHub-Delivery`: unchanged when a delivery is redelivered by hand. */
  deliveryGuid: string;
  /** `X-GitHub-Hook-ID` */
  hookId?: string | undefined;
  payload: Json;
}

/** Conclusions that mean a run or check did not pass (`cancelled`, `neutral`, `skipped`… are not failures). */
const failedConclusions: Record<string, string> = {
  failure: 'failed',
  timed_out: 'timed out',
  startup_failure: 'failed to start',
};

const codeScanningLevels: Record<string, Severity> = { error: 'high', warning: 'medium', note: 'low' };

interface Context {
  payload: Json;
  action: string | undefined;
  repo: string;
  deliveryId: string;
}

type Rule = (ctx: Context) => ProviderOutcome;

/**
 * GitHub event → signal (see docs/webhooks.md for the table):
 * failed runs and checks, failed deployments, new or reopened security alerts, published advisories,
 * and opened/reopened issues become signals; `ping` is the handshake; everything else is ignored.
 */
export function normalizeGithubDelivery(delivery: GithubDelivery): ProviderOutcome {
  if (delivery.event === 'ping') return { kind: 'handshake', handshake: 'ping' };
  const rule = rules[delivery.event];
  if (!rule) return ignored(`GitHub "${delivery.event}" events do not become signals`);
  const payload = delivery.payload;
  return rule({
    payload,
    action: text(payload.action),
    repo: text(record(payload.repository).full_name) ?? 'unknown repository',
    deliveryId: delivery.hookId ? `${delivery.hookId}:${delivery.deliveryGuid}` : delivery.deliveryGuid,
  });
}

function signal(
  ctx: Context,
  fields: { type: string; severity: Severity; title: string; sourceId: string | undefined; url: string | undefined },
): ProviderOutcome {
  return {
    kind: 'signal',
    signal: {
      source: 'github',
      type: fields.type,
      severity: fields.severity,
      title: shortTitle(`GitHub: ${fields.title}`),
      description: linkTo('View on GitHub', fields.url),
      sourceId: fields.sourceId ?? null,
      deliveryId: ctx.deliveryId,
      payload: ctx.payload,
    },
  };
}

/** A failure on the default branch is high; on any other branch (or none known) medium. */
function branchSeverity(ctx: Context, branch: string | undefined): Severity {
  const defaultBranch = text(record(ctx.payload.repository).default_branch);
  return branch !== undefined && branch === defaultBranch ? 'high' : 'medium';
}

/** The shared rule of `workflow_run`, `check_suite` and `check_run`: a completed run that did not pass. */
function failedRun(
  object: string,
  describe: (run: Json) => { type: string; what: string; branch: string | undefined; sourceId: string; url: string | undefined },
): Rule {
  return (ctx) => {
    const run = record(ctx.payload[object]);
    const conclusion = text(run.conclusion);
    if (ctx.action !== 'completed') return ignored(`${object} "${ctx.action}" is not a completion`);
    const verb = conclusion ? failedConclusions[conclusion] : undefined;
    if (!verb) return ignored(`${object} completed with conclusion "${conclusion ?? 'none'}", not a failure`);
    const { type, what, branch, sourceId, url } = describe(run);
    return signal(ctx, {
      type,
      severity: branchSeverity(ctx, branch),
      title: `${what} ${verb} on ${branch ?? 'an unknown branch'} (${ctx.repo})`,
      sourceId: `${ctx.repo}/${sourceId}`,
      url,
    });
  };
}

function openedAlert(actions: string[], build: (ctx: Context, alert: Json) => ProviderOutcome): Rule {
  return (ctx) => {
    if (!ctx.action || !actions.includes(ctx.action)) {
      return ignored(`alert action "${ctx.action ?? 'none'}" does not open an alert`);
    }
    return build(ctx, record(ctx.payload.alert));
  };
}

const rules: Record<string, Rule> = {
  workflow_run: failedRun('workflow_run', (run) => ({
    type: 'workflow-failed',
    what: `workflow "${text(run.name) ?? 'unnamed'}"`,
    branch: text(run.head_branch),
    sourceId: `actions/runs/${text(run.id) ?? '?'}`,
    url: text(run.html_url),
  })),

  check_suite: failedRun('check_suite', (suite) => ({
    type: 'check-suite-failed',
    what: `check suite "${text(record(suite.app).name) ?? 'checks'}"`,
    branch: text(suite.head_branch),
    sourceId: `check-suites/${text(suite.id) ?? '?'}`,
    url: undefined,
  })),

  check_run: failedRun('check_run', (run) => ({
    type: 'check-run-failed',
    what: `check "${text(run.name) ?? 'unnamed'}"`,
    branch: text(record(run.check_suite).head_branch),
    sourceId: `check-runs/${text(run.id) ?? '?'}`,
    url: text(run.html_url),
  })),

  deployment_status: (ctx) => {
    const status = record(ctx.payload.deployment_status);
    const deployment = record(ctx.payload.deployment);
    const state = text(status.state);
    if (state !== 'failure' && state !== 'error') return ignored(`deployment_status "${state ?? 'none'}" is not a failure`);
    const environment = text(status.environment) ?? text(deployment.environment) ?? 'an unnamed environment';
    return signal(ctx, {
      type: 'deployment-failed',
      severity: 'high',
      title: `deployment to ${environment} ${state === 'error' ? 'errored' : 'failed'} (${ctx.repo})`,
      sourceId: `${ctx.repo}/deployments/${text(deployment.id) ?? '?'}`,
      url: text(status.target_url) ?? text(status.log_url),
    });
  },

  code_scanning_alert: openedAlert(['created', 'reopened', 'reopened_by_user'], (ctx, alert) => {
    const rule = record(alert.rule);
    const level = text(rule.severity)?.toLowerCase();
    const severity =
      parseSeverity(rule.security_severity_level) ?? (level ? codeScanningLevels[level] : undefined) ?? parseSeverity(level) ?? 'medium';
    const name = text(rule.description) ?? text(rule.name) ?? text(rule.id) ?? 'unnamed rule';
    return signal(ctx, {
      type: 'code-scanning-alert',
      severity,
      title: `code scanning alert "${name}" in ${ctx.repo}`,
      sourceId: `${ctx.repo}/code-scanning/${text(alert.number) ?? '?'}`,
      url: text(alert.html_url),
    });
  }),

  dependabot_alert: openedAlert(['created', 'reopened', 'reintroduced'], (ctx, alert) => {
    const advisory = record(alert.security_advisory);
    const vulnerability = record(alert.security_vulnerability);
    const pkg = text(record(record(alert.dependency).package).name) ?? text(record(vulnerability.package).name);
    const summary = text(advisory.summary) ?? text(advisory.ghsa_id) ?? 'vulnerable dependency';
    return signal(ctx, {
      type: 'dependabot-alert',
      severity: advisorySeverity(advisory.severity) ?? advisorySeverity(vulnerability.severity) ?? 'medium',
      title: `Dependabot alert: ${summary}${pkg ? ` (${pkg})` : ''} in ${ctx.repo}`,
      sourceId: `${ctx.repo}/dependabot/${text(alert.number) ?? '?'}`,
      url: text(alert.html_url),
    });
  }),

  secret_scanning_alert: openedAlert(['created'], (ctx, alert) => {
    const kind = text(alert.secret_type_display_name) ?? text(alert.secret_type) ?? 'a secret';
    return signal(ctx, {
      type: 'secret-exposed',
      severity: 'critical',
      title: `secret scanning alert: ${kind} exposed in ${ctx.repo}`,
      sourceId: `${ctx.repo}/secret-scanning/${text(alert.number) ?? '?'}`,
      url: text(alert.html_url),
    });
  }),

  security_advisory: (ctx) => {
    if (ctx.action !== 'published') return ignored(`security_advisory "${ctx.action ?? 'none'}" is not a publication`);
    const advisory = record(ctx.payload.security_advisory);
    const id = text(advisory.ghsa_id);
    return signal(ctx, {
      type: 'security-advisory',
      severity: 'critical',
      title: `security advisory ${id ? `${id}: ` : ''}${text(advisory.summary) ?? 'published'}`,
      sourceId: id,
      url: text(advisory.html_url) ?? (id ? `https://github.com/advisories/${id}` : undefined),
    });
  },

  issues: (ctx) => {
    if (ctx.action !== 'opened' && ctx.action !== 'reopened') {
      return ignored(`issues "${ctx.action ?? 'none'}" is neither opened nor reopened`);
    }
    const issue = record(ctx.payload.issue);
    const labels = Array.isArray(issue.labels) ? issue.labels : [];
    const isBug = labels.some((label) => text(record(label).name)?.toLowerCase() === 'bug');
    const number = text(issue.number) ?? '?';
    return signal(ctx, {
      type: `issue-${ctx.action}`,
      severity: isBug ? 'high' : 'medium',
      title: `issue #${number} "${text(issue.title) ?? 'untitled'}" ${ctx.action} (${ctx.repo})`,
      sourceId: `${ctx.repo}#${number}`,
      url: text(issue.html_url),
    });
  },
};

/** GitHub advisories say `moderate` where the other levels say `medium`. */
function advisorySeverity(value: unknown): Severity | undefined {
  return text(value)?.toLowerCase() === 'moderate' ? 'medium' : parseSeverity(value);
}
