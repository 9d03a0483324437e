import { describe, expect, it } from 'vitest';
import { type SelectionCandidate, type SelectionContext, selectTemplate } from '../../src/domain/prompts/selection';

const task: SelectionContext = {
  type: 'task',
  status: 'todo',
  priority: 2,
  signalSource: null,
  labels: ['frontend', 'bug'],
  projectId: 'project-a',
  hasFailedSessions: false,
  hypothesisConfidence: null,
};

const template = (slug: string, fields: Partial<SelectionCandidate> = {}): SelectionCandidate => ({
  slug,
  conditions: {},
  specificity: 10,
  projectId: null,
  activeVersionId: `${slug}-v1`,
  ...fields,
});

const taskDefault = template('task-execute', { conditions: { type: 'task' } });

interface Case {
  rule: string;
  candidates: SelectionCandidate[];
  context?: Partial<SelectionContext>;
  expected: string | null;
}

/** One case per rule: each would pick a different template if its rule were dropped. */
const cases: Case[] = [
  {
    rule: 'a scalar condition matches by equality',
    candidates: [taskDefault, template('urgent-tasks', { conditions: { type: 'task', priority: 1 }, specificity: 50 })],
    context: { priority: 1 },
    expected: 'urgent-tasks',
  },
  {
    rule: 'a scalar condition that differs does not match',
    candidates: [taskDefault, template('urgent-tasks', { conditions: { type: 'task', priority: 1 }, specificity: 50 })],
    expected: 'task-execute',
  },
  {
    rule: 'a condition on a type matches only that type',
    candidates: [template('plans', { conditions: { type: 'plan' }, specificity: 50 }), taskDefault],
    expected: 'task-execute',
  },
  {
    rule: 'every key must match, not just one',
    candidates: [taskDefault, template('triage-tasks', { conditions: { type: 'task', status: 'triage' }, specificity: 50 })],
    expected: 'task-execute',
  },
  {
    rule: 'booleans match by equality (hasFailedSessions)',
    candidates: [taskDefault, template('retry', { conditions: { hasFailedSessions: true }, specificity: 50 })],
    context: { hasFailedSessions: true },
    expected: 'retry',
  },
  {
    rule: 'null matches null (signalSource of a non-signal)',
    candidates: [taskDefault, template('no-source', { conditions: { signalSource: null }, specificity: 50 })],
    expected: 'no-source',
  },
  {
    rule: 'signalSource and hypothesisConfidence are known keys',
    candidates: [
      template('signal-triage', { conditions: { type: 'signal' } }),
      template('sentry', { conditions: { signalSource: 'sentry', hypothesisConfidence: 0.5 }, specificity: 50 }),
    ],
    context: { type: 'signal', signalSource: 'sentry', hypothesisConfidence: 0.5 },
    expected: 'sentry',
  },
  {
    rule: 'labels match when the issue carries all of them (any case)',
    candidates: [taskDefault, template('frontend-bugs', { conditions: { labels: ['Frontend', 'bug'] }, specificity: 50 })],
    expected: 'frontend-bugs',
  },
  {
    rule: 'labels do not match when one is missing',
    candidates: [taskDefault, template('frontend-urgent', { conditions: { labels: ['frontend', 'urgent'] }, specificity: 50 })],
    expected: 'task-execute',
  },
  {
    rule: 'labels that are not a list of names never match',
    candidates: [taskDefault, template('odd-labels', { conditions: { labels: 'frontend' }, specificity: 50 })],
    expected: 'task-execute',
  },
  {
    rule: 'a key the context does not know never matches (a typo is not a catch-all)',
    candidates: [taskDefault, template('typo', { conditions: { tpye: 'task' }, specificity: 50 })],
    expected: 'task-execute',
  },
  {
    rule: 'empty conditions match everything',
    candidates: [template('catch-all', { specificity: 5 }), template('plans', { conditions: { type: 'plan' } })],
    expected: 'catch-all',
  },
  {
    rule: 'a template scoped to the issue’s project comes before higher specificity',
    candidates: [
      template('global', { conditions: { type: 'task' }, specificity: 90 }),
      template('project-a-tasks', { conditions: { type: 'task' }, specificity: 1, projectId: 'project-a' }),
    ],
    expected: 'project-a-tasks',
  },
  {
    rule: 'a template scoped to another project never matches',
    candidates: [taskDefault, template('project-b-tasks', { conditions: { type: 'task' }, specificity: 90, projectId: 'project-b' })],
    expected: 'task-execute',
  },
  {
    rule: 'a project-scoped template does not match an issue without a project',
    candidates: [taskDefault, template('project-a-tasks', { conditions: { type: 'task' }, specificity: 90, projectId: 'project-a' })],
    context: { projectId: null },
    expected: 'task-execute',
  },
  {
    rule: 'higher specificity wins',
    candidates: [template('a-low', { specificity: 10 }), template('z-high', { specificity: 20 })],
    expected: 'z-high',
  },
  {
    rule: 'equal specificity falls back to slug order',
    candidates: [template('beta'), template('alpha')],
    expected: 'alpha',
  },
  {
    rule: 'templates without an active version are skipped',
    candidates: [taskDefault, template('frontend', { conditions: { labels: ['frontend'] }, specificity: 50, activeVersionId: null })],
    expected: 'task-execute',
  },
  {
    rule: "no match falls back to the issue type's default template",
    candidates: [
      template('task-execute', { conditions: { type: 'task', status: 'backlog' } }),
      template('plan-decompose', { conditions: { type: 'plan' } }),
    ],
    expected: 'task-execute',
  },
  {
    rule: 'the fallback default needs an active version too',
    candidates: [template('task-execute', { conditions: { status: 'backlog' }, activeVersionId: null })],
    expected: null,
  },
  {
    rule: 'no match and no default gives null (the built-in prompt)',
    candidates: [template('plan-decompose', { conditions: { type: 'plan' } })],
    expected: null,
  },
];

describe('selectTemplate', () => {
  it.each(cases)('$rule', ({ candidates, context, expected }) => {
    const chosen = selectTemplate(candidates, { ...task, ...context });
    expect(chosen?.slug ?? null).toBe(expected);
  });

  it('is pure: it neither reorders nor changes its input', () => {
    const candidates = [template('beta'), template('alpha')];
    const before = structuredClone(candidates);
    selectTemplate(candidates, task);
    expect(candidates).toEqual(before);
  });
});
