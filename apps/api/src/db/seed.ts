import { and, eq, isNull, sql } from 'drizzle-orm';
import { checkHierarchy } from '../domain/issues/hierarchy';
import { isClosedStatus } from '../domain/issues/status';
import { canonicalRelation } from '../domain/relations/direction';
import type { DB } from './database';
import { newId } from './ids';
import {
  type AuthorType,
  comments,
  type Commit,
  goals,
  type Hypothesis,
  issueLabels,
  issueRelations,
  issues,
  type IssueStatus,
  type IssueType,
  labels,
  projects,
  type ProjectHealth,
  type ProjectStatus,
  type PullRequest,
  type RelationType,
  type Severity,
  signals,
} from './schema';

/**
 * Development data for `npm run db:seed`: two projects, each with a goal and one turn of the loop
 * (signal → hypothesis → plan → tasks → monitor), written straight through Drizzle rather than
 * through the API, but checked with the domain's own rules (the hierarchy, closed statuses, the stored
 * form of relations) so it holds nothing the API would refuse.
 *
 * Idempotent by natural keys: labels are matched by name (case-insensitive, live ones), and a project
 * section is skipped whole when a live project with the same name exists. Everything runs in one
 * transaction, so a failed seed leaves nothing half-written.
 */

interface SeedIssue {
  key: string;
  title: string;
  type: IssueType;
  status: IssueStatus;
  priority: number;
  /** Hours before the seed time at which the issue was opened (the story reads oldest first). */
  openedHoursAgo: number;
  parent?: string;
  description?: string;
  labels?: string[];
  signalSource?: string;
  signalPayload?: Record<string, unknown>;
  hypothesis?: Hypothesis;
  agentSessionId?: string;
  agentSummary?: string;
  commits?: Commit[];
  pullRequests?: PullRequest[];
}

interface SeedSignal {
  issue: string;
  source: string;
  sourceId: string;
  deliveryId: string;
  type: string;
  severity: Severity;
  payload: Record<string, unknown>;
}

interface SeedComment {
  key: string;
  issue: string;
  body: string;
  authorName: string;
  authorType: AuthorType;
  replyTo?: string;
}

export interface SeedProject {
  name: string;
  description: string;
  status: ProjectStatus;
  health: ProjectHealth;
  goal: { title: string; description: string; metric: string; targetValue: number; currentValue: number; unit: string };
  issues: SeedIssue[];
  signals: SeedSignal[];
  /** `[from, type, to]`, written as a user would say it; stored canonically (see `canonicalRelation`). */
  relations: [string, RelationType, string][];
  comments: SeedComment[];
}

export const seedLabels = [
  { name: 'bug', color: '#D73A4A' },
  { name: 'performance', color: '#FBCA04' },
  { name: 'frontend', color: '#1D76DB' },
  { name: 'backend', color: '#0E8A16' },
  { name: 'agent-ready', color: '#5319E7' },
] as const;

type LabelName = (typeof seedLabels)[number]['name'];

export const seedProjects: SeedProject[] = [
  {
    name: 'Checkout reliability',
    description: 'Make the path from cart to confirmation boringly reliable.',
    status: 'active',
    health: 'at_risk',
    goal: {
      title: 'Checkout error rate below 0.5%',
      description: 'Share of checkout sessions that end in a client or server error.',
      metric: 'checkout_error_rate',
      targetValue: 0.5,
      currentValue: 1.8,
      unit: '%',
    },
    issues: [
      {
        key: 'signal',
        title: 'Error spike: TypeError in CheckoutForm.submit',
        type: 'signal',
        status: 'done',
        priority: 1,
        openedHoursAgo: 240,
        labels: ['bug', 'frontend'],
        description: '412 events in the last hour (baseline 3/hour). `Cannot read properties of undefined (reading "token")`.',
        signalSource: 'sentry',
        signalPayload: { issueId: '4821', culprit: 'CheckoutForm.submit', count: 412, level: 'error' },
      },
      {
        key: 'hypothesis',
        parent: 'signal',
        title: 'Submit runs before the payment widget has produced a token',
        type: 'hypothesis',
        status: 'done',
        priority: 1,
        openedHoursAgo: 236,
        hypothesis: {
          statement: 'On slow networks the form submits before the payment widget resolves its token.',
          confidence: 0.75,
          evidence: ['94% of events come from sessions on 3G', 'The spike started with the widget upgrade to v4'],
          validationCriteria: 'Reproduce with network throttling; the error disappears when submit awaits the token.',
          prediction: 'Guarding submit brings the checkout error rate back under 0.5% within a week.',
        },
      },
      {
        key: 'plan',
        title: 'Plan: make checkout submit wait for the payment token',
        type: 'plan',
        status: 'in_progress',
        priority: 1,
        openedHoursAgo: 230,
        description: '1. Guard submit. 2. Cover a slow widget with a regression test. 3. Roll out behind the flag.',
      },
      {
        key: 'guard',
        parent: 'plan',
        title: 'Guard submit until the payment token resolves',
        type: 'task',
        status: 'done',
        priority: 1,
        openedHoursAgo: 228,
        labels: ['frontend', 'agent-ready'],
        agentSessionId: 'seed-session-guard',
        agentSummary: 'Submit now awaits the widget promise and shows a spinner; unit tests added.',
        commits: [{ sha: '9f2c1e7', message: 'checkout: await payment token before submit' }],
        pullRequests: [{ number: 512, url: 'https://github.com/example/shop/pull/512', status: 'closed', merged: true }],
      },
      {
        key: 'regression-test',
        parent: 'plan',
        title: 'Add a regression test with a slow payment widget',
        type: 'task',
        status: 'in_progress',
        priority: 2,
        openedHoursAgo: 226,
        labels: ['frontend'],
      },
      {
        key: 'rollout',
        parent: 'plan',
        title: 'Roll the submit guard out to all customers',
        type: 'task',
        status: 'todo',
        priority: 2,
        openedHoursAgo: 225,
        labels: ['agent-ready'],
      },
      {
        key: 'monitor',
        title: 'Monitor: checkout TypeError stays under 0.1% of sessions for 7 days',
        type: 'monitor',
        status: 'backlog',
        priority: 3,
        openedHoursAgo: 224,
      },
    ],
    signals: [
      {
        issue: 'signal',
        source: 'sentry',
        sourceId: '4821',
        deliveryId: 'seed-sentry-4821-1',
        type: 'error-spike',
        severity: 'high',
        payload: { action: 'triggered', data: { issue: { id: '4821', title: 'TypeError: Cannot read properties of undefined' } } },
      },
    ],
    relations: [
      ['hypothesis', 'related', 'plan'],
      ['rollout', 'blocked_by', 'regression-test'],
      ['plan', 'blocks', 'monitor'],
    ],
    comments: [
      {
        key: 'repro',
        issue: 'hypothesis',
        body: 'Reproduced with Chrome network throttling (Slow 3G): 7 of 10 submits fail.',
        authorName: 'triage-agent',
        authorType: 'agent',
      },
      {
        key: 'confirm',
        issue: 'hypothesis',
        replyTo: 'repro',
        body: 'Confirmed on Safari as well. Go ahead with the plan.',
        authorName: 'Dana',
        authorType: 'human',
      },
      {
        key: 'merged',
        issue: 'guard',
        body: 'PR #512 merged; the error rate is already dropping on the canary.',
        authorName: 'task-agent',
        authorType: 'agent',
      },
    ],
  },
  {
    name: 'Onboarding activation',
    description: 'Get new teams from sign-up to their first closed loop.',
    status: 'planned',
    health: 'on_track',
    goal: {
      title: 'Activation rate at 40%',
      description: 'Share of new teams that close their first issue within 7 days of signing up.',
      metric: 'activation_rate_7d',
      targetValue: 40,
      currentValue: 31,
      unit: '%',
    },
    issues: [
      {
        key: 'signal',
        title: 'Metric drop: 7-day activation fell 6 points week over week',
        type: 'signal',
        status: 'triage',
        priority: 2,
        openedHoursAgo: 72,
        signalSource: 'posthog',
        signalPayload: { insight: 'activation_rate_7d', previous: 37, current: 31 },
      },
      {
        key: 'repeat-signal',
        title: 'Metric drop: activation alert fired again',
        type: 'signal',
        status: 'canceled',
        priority: 3,
        openedHoursAgo: 70,
        signalSource: 'posthog',
        signalPayload: { insight: 'activation_rate_7d', previous: 36, current: 31 },
      },
      {
        key: 'hypothesis',
        parent: 'signal',
        title: 'The new empty state hides the "create your first issue" button',
        type: 'hypothesis',
        status: 'backlog',
        priority: 2,
        openedHoursAgo: 60,
        hypothesis: {
          statement: 'Since the redesign the primary call to action sits below the fold on laptops.',
          confidence: 0.5,
          evidence: ['Click-through on the button halved after the redesign'],
          validationCriteria: 'Session recordings show users scrolling past or never reaching the button.',
        },
      },
      {
        key: 'plan',
        title: 'Plan: A/B test a first-run checklist',
        type: 'plan',
        status: 'todo',
        priority: 2,
        openedHoursAgo: 48,
      },
      {
        key: 'checklist',
        parent: 'plan',
        title: 'Build the first-run checklist behind a flag',
        type: 'task',
        status: 'todo',
        priority: 2,
        openedHoursAgo: 47,
        labels: ['frontend', 'agent-ready'],
      },
      {
        key: 'events',
        parent: 'plan',
        title: 'Track checklist steps as PostHog events',
        type: 'task',
        status: 'backlog',
        priority: 3,
        openedHoursAgo: 46,
        labels: ['backend'],
      },
      {
        key: 'monitor',
        title: 'Monitor: activation rate for 14 days after the rollout',
        type: 'monitor',
        status: 'backlog',
        priority: 4,
        openedHoursAgo: 45,
      },
    ],
    signals: [
      {
        issue: 'signal',
        source: 'posthog',
        sourceId: 'activation_rate_7d',
        deliveryId: 'seed-posthog-activation-1',
        type: 'metric-change',
        severity: 'medium',
        payload: { alert: 'activation_rate_7d dropped', threshold: 35, value: 31 },
      },
      {
        issue: 'repeat-signal',
        source: 'posthog',
        sourceId: 'activation_rate_7d',
        deliveryId: 'seed-posthog-activation-2',
        type: 'metric-change',
        severity: 'medium',
        payload: { alert: 'activation_rate_7d dropped', threshold: 35, value: 31 },
      },
    ],
    relations: [
      ['repeat-signal', 'duplicate', 'signal'],
      ['hypothesis', 'related', 'plan'],
      ['events', 'blocks', 'checklist'],
      ['plan', 'blocks', 'monitor'],
    ],
    comments: [
      {
        key: 'duplicate',
        issue: 'repeat-signal',
        body: 'Same alert as the open signal; closing as a duplicate.',
        authorName: 'triage-agent',
        authorType: 'agent',
      },
    ],
  },
];

export interface SeedReport {
  created: { projects: number; goals: number; labels: number; issues: number; signals: number; relations: number; comments: number };
  /** Projects left alone because a live project with the same name already exists. */
  skipped: string[];
}

/**
 * Refuses seed data the API would refuse, before anything is written: a parent that is not in the
 * project, or one that breaks the hierarchy rule (`checkHierarchy`, the API's own check).
 */
export function checkSeedHierarchy(project: SeedProject) {
  const byKey = new Map(project.issues.map((issue) => [issue.key, issue]));
  for (const issue of project.issues) {
    if (!issue.parent) continue;
    const parent = byKey.get(issue.parent);
    if (!parent) throw new Error(`seed: ${project.name}/${issue.key} names an unknown parent ${issue.parent}`);
    try {
      checkHierarchy(
        {
          parentIsSelf: parent === issue,
          grandparentId: parent.parent ?? null,
          hasChildren: project.issues.some((other) => other.parent === issue.key),
        },
        { issue: issue.key, parent: parent.key },
      );
    } catch (error) {
      throw new Error(`seed: ${project.name}/${issue.key}: ${(error as Error).message}`, { cause: error });
    }
  }
}

const hoursBefore = (now: Date, hours: number) => new Date(now.getTime() - hours * 3_600_000);

export async function seedDatabase(db: DB, { now }: { now: Date }): Promise<SeedReport> {
  seedProjects.forEach(checkSeedHierarchy);
  return db.transaction(async (tx) => {
    const report: SeedReport = {
      created: { projects: 0, goals: 0, labels: 0, issues: 0, signals: 0, relations: 0, comments: 0 },
      skipped: [],
    };
    const labelIds = await ensureLabels(tx, now, report);
    for (const project of seedProjects) {
      const existing = await tx
        .select({ id: projects.id })
        .from(projects)
        .where(and(eq(projects.name, project.name), isNull(projects.deletedAt)))
        .limit(1);
      if (existing.length > 0) {
        report.skipped.push(project.name);
        continue;
      }
      await seedProject(tx, project, labelIds, now, report);
    }
    return report;
  });
}

/** Reuses a live label of the same name (any case), so a hand-made "Bug" is not duplicated. */
async function ensureLabels(db: DB, now: Date, report: SeedReport): Promise<Map<LabelName, string>> {
  const ids = new Map<LabelName, string>();
  for (const label of seedLabels) {
    const [found] = await db
      .select({ id: labels.id })
      .from(labels)
      .where(and(sql`lower(${labels.name}) = ${label.name}`, isNull(labels.deletedAt)))
      .limit(1);
    if (found) {
      ids.set(label.name, found.id);
      continue;
    }
    const [created] = await db
      .insert(labels)
      .values({ ...label, createdAt: hoursBefore(now, 300) })
      .returning({ id: labels.id });
    ids.set(label.name, created!.id);
    report.created.labels++;
  }
  return ids;
}

async function seedProject(db: DB, project: SeedProject, labelIds: Map<LabelName, string>, now: Date, report: SeedReport) {
  const oldest = Math.max(...project.issues.map((issue) => issue.openedHoursAgo));
  const startedAt = hoursBefore(now, oldest + 24);

  const [goal] = await db
    .insert(goals)
    .values({ ...project.goal, createdAt: startedAt, updatedAt: now })
    .returning({ id: goals.id });
  const [projectRow] = await db
    .insert(projects)
    .values({
      name: project.name,
      description: project.description,
      status: project.status,
      health: project.health,
      goalId: goal!.id,
      createdAt: startedAt,
      updatedAt: now,
    })
    .returning({ id: projects.id });

  // Ids are generated here so that children, relations and comments can name their issues in the
  // same batch; the numbers follow the story's order because the rows are inserted in that order.
  const issueIds = new Map(project.issues.map((issue) => [issue.key, newId()]));
  const id = (key: string) => {
    const found = issueIds.get(key);
    if (!found) throw new Error(`seed: ${project.name} names an unknown issue ${key}`);
    return found;
  };

  await db.insert(issues).values(
    project.issues.map((issue) => {
      const openedAt = hoursBefore(now, issue.openedHoursAgo);
            const statusChangedAt = issue.status === 'triage' ? openedAt : hoursBefore(now, issue.openedHoursAgo / 2);
      return {
        id: id(issue.key),
        title: issue.title,
        description: issue.description ?? null,
        type: issue.type,
        status: issue.status,
        priority: issue.priority,
        parentId: issue.parent ? id(issue.parent) : null,
        projectId: projectRow!.id,
        signalSource: issue.signalSource ?? null,
        signalPayload: issue.signalPayload ?? null,
        hypothesis: issue.hypothesis ?? null,
        agentSessionId: issue.agentSessionId ?? null,
        agentSummary: issue.agentSummary ?? null,
        commits: issue.commits ?? null,
        pullRequests: issue.pullRequests ?? null,
        completedAt: isClosedStatus(issue.status) ? statusChangedAt : null,
        statusChangedAt,
        createdAt: openedAt,
        updatedAt: statusChangedAt,
      };
    }),
  );

  const links = project.issues.flatMap((issue) =>
    (issue.labels ?? []).map((name) => ({ issueId: id(issue.key), labelId: labelIds.get(name as LabelName)! })),
  );
  if (links.length > 0) await db.insert(issueLabels).values(links);

  await db.insert(signals).values(
    project.signals.map((signal) => ({
      source: signal.source,
      sourceId: signal.sourceId,
      deliveryId: signal.deliveryId,
      type: signal.type,
      severity: signal.severity,
      payload: signal.payload,
      issueId: id(signal.issue),
      createdAt: hoursBefore(now, project.issues.find((issue) => issue.key === signal.issue)!.openedHoursAgo),
    })),
  );

  await db
    .insert(issueRelations)
    .values(project.relations.map(([from, type, to]) => ({ ...canonicalRelation(type, id(from), id(to)), createdAt: now })));

  // Comments are written one by one: a reply needs its parent's id, and timestamps keep threads in order.
  const commentIds = new Map<string, string>();
  let minute = 0;
  for (const comment of project.comments) {
    const [row] = await db
      .insert(comments)
      .values({
        body: comment.body,
        issueId: id(comment.issue),
        authorName: comment.authorName,
        authorType: comment.authorType,
        parentId: comment.replyTo ? commentIds.get(comment.replyTo) : null,
        createdAt: new Date(hoursBefore(now, 12).getTime() + ++minute * 60_000),
      })
      .returning({ id: comments.id });
    commentIds.set(comment.key, row!.id);
  }

  report.created.projects++;
  report.created.goals++;
  report.created.issues += project.issues.length;
  report.created.signals += project.signals.length;
  report.created.relations += project.relations.length;
  report.created.comments += project.comments.length;
}
