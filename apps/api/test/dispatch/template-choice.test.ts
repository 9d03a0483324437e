import { eq, isNull, sql, TransactionRollbackError } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database';
import {
  type DispatchOutcome,
  dispatches,
  issueLabels,
  type IssueStatus,
  type IssueType,
  labels,
  promptTemplates,
  promptVersions,
  projects,
} from '../../src/db/schema';
import { newId } from '../../src/db/ids';
import { claimTopReady } from '../../src/domain/dispatch/claim';
import { dispatchNext } from '../../src/domain/dispatch/next';
import { chooseTemplate } from '../../src/domain/prompts/compose';
import { loadDispatchContext } from '../../src/domain/prompts/context';
import { countedVersionColumns } from '../../src/domain/prompts/usage';
import { createTestApp, type TestApp } from '../support/app';
import { aDispatch, anIssue, aProjectRow, aTemplateWithActiveVersion, aVersion, fixtureNow } from '../support/fixtures/dispatch';

/**
 * One rule chooses the template, `selectTemplate`: the preview applies it to the context it loads
 * (`chooseTemplate`), the claim to the facts and candidates its statement returns. Each case pins the
 * claim's choice, the preview's choice and the facts they are made from to the expected template.
 * Every case runs in a transaction that is rolled back, with every other template hidden, so each
 * sees exactly its own templates and its one ready issue.
 */

interface TemplateSpec {
  slug: string;
  /** jsonb text, so a case can store what JSON.stringify never writes (e.g. `2.0`). */
  conditions?: string;
  specificity?: number;
  scope?: 'own project' | 'other project';
  version?: 'active' | 'draft' | 'none';
}

interface IssueSpec {
  type?: IssueType;
  status?: IssueStatus;
  priority?: number;
  signalSource?: string | null;
  hypothesisConfidence?: number;
  labels?: string[];
  deletedLabels?: string[];
  project?: 'live' | 'deleted' | 'none';
  earlierOutcomes?: DispatchOutcome[];
  /** In progress with an open claim whose lease ran out: the claim closes it as expired. */
  expiredLease?: boolean;
}

interface Case {
  rule: string;
  issue?: IssueSpec;
  templates: TemplateSpec[];
  expected: string | null;
}

const task = (slug = 'task-execute'): TemplateSpec => ({ slug, conditions: '{"type": "task"}' });
const specific = (slug: string, conditions: string, fields: Partial<TemplateSpec> = {}): TemplateSpec => ({
  slug,
  conditions,
  specificity: 50,
  ...fields,
});

const cases: Case[] = [
  {
    rule: 'a scalar matches by equality',
    issue: { priority: 1 },
    templates: [task(), specific('urgent', '{"priority": 1}')],
    expected: 'urgent',
  },
  {
    rule: 'a scalar that differs does not match',
    issue: { priority: 2 },
    templates: [task(), specific('urgent', '{"priority": 1}')],
    expected: 'task-execute',
  },
  {
    rule: 'numbers compare by value (2.0 is 2)',
    issue: { priority: 2 },
    templates: [task(), specific('high', '{"priority": 2.0}')],
    expected: 'high',
  },
  {
    rule: 'a number never equals its string',
    issue: { priority: 2 },
    templates: [task(), specific('high', '{"priority": "2"}')],
    expected: 'task-execute',
  },
  {
    rule: 'a list or an object never matches a scalar',
    issue: { priority: 2 },
    templates: [task(), specific('listed', '{"priority": [2]}'), specific('boxed', '{"type": {"task": true}}')],
    expected: 'task-execute',
  },
  {
    rule: 'every key must match',
    issue: { priority: 1 },
    templates: [task(), specific('urgent-triage', '{"priority": 1, "status": "triage"}')],
    expected: 'task-execute',
  },
  {
    rule: 'a signal is matched in the status it was picked in (triage)',
    issue: { type: 'signal', status: 'triage', signalSource: 'sentry' },
    templates: [task(), specific('sentry-triage', '{"type": "signal", "status": "triage", "signalSource": "sentry"}')],
    expected: 'sentry-triage',
  },
  {
    rule: 'null matches a missing signalSource',
    templates: [task(), specific('sourceless', '{"signalSource": null}')],
    expected: 'sourceless',
  },
  {
    rule: 'null does not match a present signalSource',
    issue: { type: 'signal', status: 'triage', signalSource: 'sentry' },
    templates: [task(), specific('sourceless', '{"signalSource": null}')],
    expected: null,
  },
  {
    rule: 'hypothesisConfidence compares with the hypothesis',
    issue: { hypothesisConfidence: 0.5 },
    templates: [task(), specific('unsure', '{"hypothesisConfidence": 0.5}')],
    expected: 'unsure',
  },
  {
    rule: 'hypothesisConfidence is null without a hypothesis',
    templates: [task(), specific('no-hypothesis', '{"hypothesisConfidence": null}')],
    expected: 'no-hypothesis',
  },
  {
    rule: 'hasFailedSessions is false without earlier failures',
    issue: { earlierOutcomes: ['done'] },
    templates: [task(), specific('retry', '{"hasFailedSessions": true}')],
    expected: 'task-execute',
  },
  {
    rule: 'hasFailedSessions counts an earlier released claim',
    issue: { earlierOutcomes: ['done', 'released'] },
    templates: [task(), specific('retry', '{"hasFailedSessions": true}')],
    expected: 'retry',
  },
  {
    rule: 'hasFailedSessions counts the expired claim the claim itself closes',
    issue: { expiredLease: true },
    templates: [task(), specific('retry', '{"hasFailedSessions": true}')],
    expected: 'retry',
  },
  {
    rule: 'labels match in any case when the issue carries all',
    issue: { labels: ['frontend', 'Bug'] },
    templates: [task(), specific('frontend-bugs', '{"labels": ["Frontend", "bug"]}')],
    expected: 'frontend-bugs',
  },
  {
    rule: 'labels do not match when one is missing',
    issue: { labels: ['frontend'] },
    templates: [task(), specific('frontend-bugs', '{"labels": ["frontend", "bug"]}')],
    expected: 'task-execute',
  },
  {
    rule: 'a deleted label is not carried',
    issue: { labels: ['frontend'], deletedLabels: ['bug'] },
    templates: [task(), specific('frontend-bugs', '{"labels": ["frontend", "bug"]}')],
    expected: 'task-execute',
  },
  {
    rule: 'an empty label list matches',
    templates: [task(), specific('any-labels', '{"labels": []}')],
    expected: 'any-labels',
  },
  {
    rule: 'labels that are not a list never match',
    issue: { labels: ['frontend'] },
    templates: [task(), specific('odd', '{"labels": "frontend"}')],
    expected: 'task-execute',
  },
  {
    rule: 'a label list with a non-name never matches',
    issue: { labels: ['frontend'] },
    templates: [task(), specific('odd', '{"labels": ["frontend", 1]}')],
    expected: 'task-execute',
  },
  {
    rule: 'an unknown key never matches',
    templates: [task(), specific('typo', '{"tpye": "task"}')],
    expected: 'task-execute',
  },
  {
    rule: 'empty conditions match everything',
    templates: [{ slug: 'catch-all', conditions: '{}', specificity: 5 }, { slug: 'plans', conditions: '{"type": "plan"}' }],
    expected: 'catch-all',
  },
  {
    rule: 'a template scoped to the issue’s project beats specificity',
    templates: [
      specific('global', '{"type": "task"}', { specificity: 90 }),
      specific('mine', '{"type": "task"}', { specificity: 1, scope: 'own project' }),
    ],
    expected: 'mine',
  },
  {
    rule: 'a template scoped to another project never matches',
    templates: [task(), specific('theirs', '{}', { specificity: 90, scope: 'other project' })],
    expected: 'task-execute',
  },
  {
    rule: 'a project-scoped template does not match an issue without a project',
    issue: { project: 'none' },
    templates: [task(), specific('mine', '{}', { scope: 'own project' })],
    expected: 'task-execute',
  },
  {
    rule: 'a deleted project scopes nothing (projectId is null)',
    issue: { project: 'deleted' },
    templates: [task(), specific('mine', '{}', { scope: 'own project' }), specific('projectless', '{"projectId": null}')],
    expected: 'projectless',
  },
  {
    rule: 'projectId matches the live project',
    templates: [task(), specific('by-id', '{"projectId": "__project__"}')],
    expected: 'by-id',
  },
  {
    rule: 'higher specificity wins',
    templates: [{ slug: 'a-low', specificity: 10 }, { slug: 'z-high', specificity: 20 }],
    expected: 'z-high',
  },
  {
    rule: 'equal specificity falls back to slug order',
    templates: [{ slug: 'b' }, { slug: 'a0' }, { slug: 'a-z' }],
    expected: 'a-z',
  },
  {
    rule: 'a template without an active version is skipped',
    templates: [task(), specific('drafted', '{}', { version: 'draft' }), specific('empty', '{}', { version: 'none' })],
    expected: 'task-execute',
  },
  {
    rule: "no match falls back to the type's default template",
    templates: [{ slug: 'task-execute', conditions: '{"status": "backlog"}' }, { slug: 'plan-decompose', conditions: '{"type": "plan"}' }],
    expected: 'task-execute',
  },
  {
    rule: 'the default needs an active version',
    templates: [{ slug: 'task-execute', conditions: '{"status": "backlog"}', version: 'draft' }],
    expected: null,
  },
  {
    rule: "the default may be scoped to the issue's project, not another",
    templates: [{ slug: 'task-execute', conditions: '{"status": "backlog"}', scope: 'other project' }],
    expected: null,
  },
  {
    rule: 'nothing at all gives the built-in prompt',
    templates: [{ slug: 'plan-decompose', conditions: '{"type": "plan"}' }],
    expected: null,
  },
];

describe('the template the claim records', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Runs `scenario` in a transaction that is always rolled back. */
  async function rolledBack(scenario: (tx: Database) => Promise<void>) {
    await t.db
      .transaction(async (tx) => {
        await scenario(tx);
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof TransactionRollbackError)) throw error;
      });
  }

  async function arrange(tx: Database, { issue = {}, templates }: Case) {
    await tx.update(promptTemplates).set({ deletedAt: fixtureNow }).where(isNull(promptTemplates.deletedAt));
    const project = await aProjectRow(tx);
    const other = await aProjectRow(tx);
    const projectId = issue.project === 'none' ? null : project.id;
    if (issue.project === 'deleted') await tx.update(projects).set({ deletedAt: fixtureNow }).where(eq(projects.id, project.id));
    const row = await anIssue(tx, {
      type: issue.type ?? 'task',
      status: issue.expiredLease ? 'in_progress' : (issue.status ?? 'todo'),
      priority: issue.priority ?? 0,
      signalSource: issue.signalSource ?? null,
      projectId,
      hypothesis:
        issue.hypothesisConfidence === undefined
          ? null
          : { statement: 's', confidence: issue.hypothesisConfidence, evidence: [], validationCriteria: 'v' },
    });
    for (const [names, deletedAt] of [[issue.labels ?? [], null], [issue.deletedLabels ?? [], fixtureNow]] as const) {
      for (const name of names) {
        const [label] = await tx.insert(labels).values({ name, color: '#000000', deletedAt }).returning();
        await tx.insert(issueLabels).values({ issueId: row.id, labelId: label!.id });
      }
    }
    for (const outcome of issue.earlierOutcomes ?? []) {
      await aDispatch(tx, { issueId: row.id, outcome, claimedAt: new Date(fixtureNow.getTime() - 3_600_000), finishedAt: fixtureNow });
    }
    if (issue.expiredLease) await aDispatch(tx, { issueId: row.id, claimedAt: new Date(fixtureNow.getTime() - 3_600_000) });
    for (const spec of templates) {
      const conditions = (spec.conditions ?? '{}').replace('__project__', project.id);
      const { template } = await aTemplateWithActiveVersion(tx, {
        slug: spec.slug,
        specificity: spec.specificity ?? 10,
        projectId: spec.scope === 'own project' ? project.id : spec.scope === 'other project' ? other.id : null,
        content: spec.version === 'draft' || spec.version === 'none' ? null : `Prompt of ${spec.slug}`,
      });
      await tx.execute(sql`update prompt_templates set conditions = ${conditions}::jsonb where id = ${template.id}`);
      if (spec.version === 'draft') await aVersion(tx, template.id, { version: 1, status: 'draft' }, { makeActive: true });
    }
    return row;
  }

  it.each(cases)('$rule', async (scenario) => {
    await rolledBack(async (tx) => {
      const issue = await arrange(tx, scenario);
      const dispatch = await dispatchNext(tx, { now: fixtureNow, leaseSeconds: 600, loopUrl: 'http://loop.test' });
      expect(dispatch?.issue.id).toBe(issue.id);

      // The preview's choice, from the context loaded after the claim, in the status it was picked in.
      const loaded = await loadDispatchContext(tx, issue.id, { excludeDispatchId: dispatch!.meta.dispatchId });
      const reference = await chooseTemplate(tx, { ...loaded, selection: { ...loaded.selection, status: issue.status } });
      expect(reference.template?.slug ?? null, 'the preview').toBe(scenario.expected);
      expect(dispatch!.meta.templateSlug, 'the claim').toBe(scenario.expected);
      expect(dispatch!.meta.versionId).toBe(reference.version?.id ?? null);
      if (reference.version) expect(dispatch!.prompt).toBe(reference.version.content);

      const [row] = await tx.select().from(dispatches).where(eq(dispatches.id, dispatch!.meta.dispatchId));
      expect(row).toMatchObject({
        templateId: reference.template?.id ?? null,
        versionId: reference.version?.id ?? null,
        outcome: 'claimed',
      });
      if (reference.version) {
        const [version] = await tx.select(countedVersionColumns).from(promptVersions).where(eq(promptVersions.id, reference.version.id));
        expect(version!.usageCount).toBe(1);
      }
    });
  });

  it.each(cases)('the claim statement reads the facts the preview reads: $rule', async (scenario) => {
    await rolledBack(async (tx) => {
      const issue = await arrange(tx, scenario);
      const leaseExpiresAt = new Date(fixtureNow.getTime() + 600_000);
      const [claim] = await claimTopReady(tx, { now: fixtureNow, claims: [{ leaseExpiresAt, dispatchId: newId() }] });
      expect(claim?.issueId).toBe(issue.id);
      const loaded = await loadDispatchContext(tx, issue.id, { excludeDispatchId: claim!.dispatchId });
      const sorted = (names: string[]) => [...names].sort();
      expect({ ...claim!.selection, labels: sorted(claim!.selection.labels) }).toEqual({
        ...loaded.selection,
        status: claim!.previousStatus,
        labels: sorted(loaded.selection.labels),
      });
    });
  });

  describe('where JavaScript and the database would disagree', () => {
    const odd = [
      {
        what: 'numbers jsonb tells apart but doubles do not',
        hypothesis: '{"statement": "s", "confidence": 0.1000000000000000055511151231257827, "evidence": [], "validationCriteria": "v"}',
        conditions: '{"hypothesisConfidence": 0.1}',
        labels: [],
        // jsonb tells these numbers apart; the facts reach selectTemplate as JavaScript numbers.
        statements: [2],
      },
      {
        // JavaScript lower-cases a word-final capital sigma to ς; the database's lower() gives σ (or nothing).
        what: 'label names whose lower case differs between JavaScript and the database',
        hypothesis: 'null',
        conditions: '{"labels": ["οδος"]}',
        labels: ['ΟΔΟΣ'],
        // The database's lower() depends on its locale; selectTemplate lower-cases in JavaScript.
        statements: [2],
      },
    ];

    it.each(odd)('hands out what selectTemplate picks, counted on its version: $what', async (scenario) => {
      const { hypothesis, conditions, labels: names, statements: expectedStatements } = scenario;
      await rolledBack(async (tx) => {
        const issue = await arrange(tx, {
          rule: '',
          issue: { labels: names },
          templates: [task(), specific('odd-match', conditions)],
          expected: 'odd-match',
        });
        await tx.execute(sql`update issues set hypothesis = ${hypothesis}::jsonb where id = ${issue.id}`);

        t.queries.reset();
        const dispatch = await dispatchNext(tx, { now: fixtureNow, leaseSeconds: 600, loopUrl: 'http://loop.test' });
        const statements = t.queries.count;
        expect(dispatch!.meta.templateSlug).toBe('odd-match');
        expect(dispatch!.prompt).toBe('Prompt of odd-match');
        // The claim and the context (which records the choice): the data changes nothing.
        expect(expectedStatements).toContain(statements);

        const [row] = await tx.select().from(dispatches).where(eq(dispatches.id, dispatch!.meta.dispatchId));
        expect(row).toMatchObject({ templateId: dispatch!.meta.templateId, versionId: dispatch!.meta.versionId });
        const usage = await tx
          .select({ slug: promptTemplates.slug, usageCount: countedVersionColumns.usageCount })
          .from(promptVersions)
          .innerJoin(promptTemplates, eq(promptTemplates.id, promptVersions.templateId))
          .where(isNull(promptTemplates.deletedAt));
        const usageBySlug = Object.fromEntries(usage.map((version) => [version.slug, version.usageCount]));
        expect(usageBySlug).toEqual({ 'task-execute': 0, 'odd-match': 1 });
      });
    });
  });
});
