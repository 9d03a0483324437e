import { describe, expect, it } from 'vitest';
import { builtinPrompt, renderPrompt, type TemplateChoice } from '../../src/domain/prompts/compose';
import type { DispatchContext } from '../../src/domain/prompts/context';
import type { CountedVersionRow, TemplateRow } from '../../src/domain/prompts/present';
import { assertTemplateCompiles } from '../../src/domain/prompts/render';

const at = '2026-11-20T09:30:00.000Z';
const summary = (number: number, title: string, fields: Record<string, unknown> = {}) => ({
  id: `issue-${number}`,
  number,
  title,
  type: 'task' as const,
  status: 'todo' as const,
  priority: 2,
  ...fields,
});
const fullIssue = (number: number, title: string, fields: Record<string, unknown> = {}) => ({
  ...summary(number, title),
  description: null,
  parentId: null,
  projectId: 'project-1',
  signalSource: null,
  signalPayload: null,
  hypothesis: null,
  agentSessionId: null,
  agentSummary: null,
  commits: null,
  pullRequests: null,
  completedAt: null,
  statusChangedAt: at,
  createdAt: at,
  updatedAt: at,
  ...fields,
});

const context: DispatchContext = {
  issue: fullIssue(42, 'Fix <b>checkout</b> & "payments"', {
    description: 'Users see <script>alert(1)</script> & more',
    status: 'in_progress',
    parentId: 'issue-40',
    hypothesis: {
      statement: 'Postcodes are empty',
      confidence: 0.7,
      evidence: ['logs show empty postcodes'],
      validationCriteria: 'no errors for a day',
      prediction: 'errors stop',
    },
  }),
  parent: fullIssue(40, 'Plan the checkout fix', { type: 'plan', description: 'Parent description' }),
  children: [],
  siblings: [summary(43, 'Sibling task', { status: 'done', priority: 4 })],
  project: { id: 'project-1', name: 'Checkout', description: 'Checkout project', status: 'active', health: 'at_risk' },
  goal: {
    id: 'goal-1',
    title: 'Conversion 3.5%',
    description: 'Raise conversion',
    metric: 'conversion',
    targetValue: 3.5,
    currentValue: 0,
    unit: '%',
    status: 'active',
  },
  labels: [
    { id: 'label-1', name: 'bug', color: '#ff0000' },
    { id: 'label-2', name: 'frontend', color: '#00ff00' },
  ],
  blockedBy: [summary(39, 'Blocker task', { status: 'done' })],
  blocking: [summary(44, 'Waiting monitor', { type: 'monitor' })],
  previousSessions: [
    {
      dispatchId: 'dispatch-1',
      outcome: 'expired',
      claimedAt: at,
      leaseExpiresAt: at,
      finishedAt: null,
      agentSessionId: 'session-7',
      summary: 'Ran out of time',
      commits: [{ sha: 'abc123', message: 'Half of it' }],
      pullRequests: null,
      versionId: 'version-1',
    },
  ],
  selection: {
    type: 'task',
    status: 'in_progress',
    priority: 2,
    signalSource: null,
    labels: ['bug', 'frontend'],
    projectId: 'project-1',
    hasFailedSessions: true,
    hypothesisConfidence: 0.7,
  },
};

let versionSequence = 0;
function choiceFor(content: string): TemplateChoice {
  const id = `version-${++versionSequence}`;
  const now = new Date(at);
  const template: TemplateRow = {
    id: 'template-1',
    slug: 'checkout',
    name: 'Checkout',
    description: null,
    conditions: {},
    specificity: 10,
    projectId: null,
    activeVersionId: id,
    improvementIssueId: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  const version: CountedVersionRow = {
    id,
    templateId: template.id,
    version: 3,
    content,
    changelog: null,
    authorType: 'human',
    authorName: 'ada',
    status: 'active',
    activatedAt: now,
    usageCount: 0,
    completionRate: null,
    avgDurationMs: null,
    reviewScore: null,
    createdAt: now,
  };
  return { template, version };
}

const render = (content: string, meta: Record<string, unknown> = { dispatchId: 'dispatch-9' }) =>
  renderPrompt(choiceFor(content), context, { loopUrl: 'https://loop.example.com/', meta });

describe('rendering', () => {
  it('exposes every variable', () => {
    const prompt = render(
      [
        'issue={{issue.number}} {{issue.title}}',
        'parent={{parent.number}}',
        'siblings={{#each siblings}}{{number}}{{/each}}',
        'children={{children.length}}',
        'project={{project.name}}',
        'goal={{goal.title}}',
        'labels={{#each labels}}{{name}},{{/each}}',
        'blocking={{#each blocking}}{{number}}{{/each}}',
        'blockedBy={{#each blockedBy}}{{number}}{{/each}}',
        'sessions={{#each previousSessions}}{{outcome}}:{{agentSessionId}}{{/each}}',
        'loopUrl={{loopUrl}}',
        'meta={{meta.dispatchId}} {{meta.templateSlug}} {{meta.versionNumber}}',
      ].join('\n'),
    );
    expect(prompt.split('\n')).toEqual([
      'issue=42 Fix <b>checkout</b> & "payments"',
      'parent=40',
      'siblings=43',
      'children=0',
      'project=Checkout',
      'goal=Conversion 3.5%',
      'labels=bug,frontend,',
      'blocking=44',
      'blockedBy=39',
      'sessions=expired:session-7',
      'loopUrl=https://loop.example.com',
      'meta=dispatch-9 checkout 3',
    ]);
  });

  it('does not escape HTML: prompts are markdown', () => {
    expect(render('{{issue.description}} | {{issue.title}}')).toBe(
      'Users see <script>alert(1)</script> & more | Fix <b>checkout</b> & "payments"',
    );
    expect(render('<b>&</b>')).toBe('<b>&</b>');
  });

  it.each([
    ['json', '{{json labels.[0]}}', '{\n  "id": "label-1",\n  "name": "bug",\n  "color": "#ff0000"\n}'],
    ['json on one line', '{{json issue.hypothesis.evidence 0}}', '["logs show empty postcodes"]'],
    ['priorityLabel', '{{priorityLabel 1}} {{priorityLabel issue.priority}} {{priorityLabel 0}} {{priorityLabel 4}}', 'urgent high none low'],
    ['statusLabel', '{{statusLabel issue.status}} / {{statusLabel "todo"}}', 'In progress / Todo'],
    ['issueLine', '{{issueLine parent}}', '#40 [plan · Todo · high] Plan the checkout fix'],
    ['date', '{{date issue.createdAt}}', '2026-11-20 09:30 UTC'],
    ['percent', '{{percent 0.834}}', '83%'],
    ['join + pluck', '{{join (pluck labels "name") " | "}}', 'bug | frontend'],
    ['default', '{{default parent.agentSummary "(none)"}} {{default goal.currentValue "?"}}', '(none) 0'],
    ['truncate', '{{truncate issue.hypothesis.statement 9}}', 'Postcodes…'],
    ['eq / ne', '{{#if (eq issue.type "task")}}yes{{/if}}{{#if (ne issue.type "task")}}no{{/if}}', 'yes'],
    ['gt / lt', '{{#if (gt issue.hypothesis.confidence 0.5)}}high{{/if}}{{#if (lt goal.currentValue 1)}} low{{/if}}', 'high low'],
    ['and / or / not', '{{#if (and parent (or goal project))}}a{{/if}}{{#if (not children.length)}}b{{/if}}', 'ab'],
  ])('has the %s helper', (_name, content, expected) => {
    expect(render(content)).toBe(expected);
  });

  it('has the parent_context partial', () => {
    const prompt = render('{{> parent_context}}');
    expect(prompt).toContain('## Parent: #40 [plan · Todo · high] Plan the checkout fix');
    expect(prompt).toContain('Parent description');
  });

  it('has the sibling_context partial', () => {
    expect(render('{{> sibling_context}}')).toContain('- #43 [task · Done · low] Sibling task');
  });

  it('has the project_and_goal_context partial', () => {
    const prompt = render('{{> project_and_goal_context}}');
    expect(prompt).toContain('## Project: Checkout');
    expect(prompt).toContain('Checkout project');
    expect(prompt).toContain('**Goal: Conversion 3.5%** (active) — conversion: 0 of 3.5 %');
    expect(prompt).toContain('Goal id for updates: goal-1');
  });

  it('has the api_reference partial, which names the key only as $LOOP_API_KEY', () => {
    const prompt = render('{{> api_reference}}');
    expect(prompt).toContain('https://loop.example.com/api/v1');
    expect(prompt).toContain('curl -s https://loop.example.com/api/v1/issues/42 -H "Authorization: Bearer $LOOP_API_KEY"');
    expect(prompt).toContain('POST /issues/{number}/relations');
  });

  it('tells the agent of a claim to send Loop-Dispatch-Id, stop on lease_lost and renew long leases', () => {
    const prompt = render('{{> api_reference}}', { dispatchId: 'dispatch-9', leaseExpiresAt: '2026-11-22T12:30:00.000Z' });
    expect(prompt).toContain('Loop-Dispatch-Id: dispatch-9');
    expect(prompt).toContain('lease ends 2026-11-22 12:30 UTC');
    expect(prompt).toContain('lease_lost');
    expect(prompt).toContain('curl -s -X POST https://loop.example.com/api/v1/dispatches/dispatch-9/heartbeat');
    expect(prompt.match(/-H "Loop-Dispatch-Id: dispatch-9"/g)).toHaveLength(2);
    expect(prompt).toContain('POST /dispatch/next');
  });

  it('leaves the claim instructions out of a prompt rendered without a claim (a preview)', () => {
    const prompt = render('{{> api_reference}}', { dispatchId: null });
    expect(prompt).not.toContain('Loop-Dispatch-Id');
    expect(prompt).not.toContain('heartbeat');
  });

  it('has the review_instructions partial, filled with the version and the issue', () => {
    const prompt = render('{{> review_instructions}}');
    expect(prompt).toContain('https://loop.example.com/api/v1/prompt-reviews');
    expect(prompt).toMatch(/"versionId": "version-\d+", "issueId": 42/);
  });

  it('has the issue, children, blockers and previous-session partials', () => {
    const prompt = render('{{> issue_context}}\n{{> blockers_context}}\n{{> previous_sessions}}\n{{> children_context}}');
    expect(prompt).toContain('## Issue #42: Fix <b>checkout</b> & "payments"');
    expect(prompt).toContain('- labels: bug, frontend');
    expect(prompt).toContain('**Hypothesis:** Postcodes are empty');
    expect(prompt).toContain('## Blocked by\n\n- #39 [task · Done · high] Blocker task');
    expect(prompt).toContain('## Blocking (waiting for this issue)\n\n- #44 [monitor · Todo · high] Waiting monitor');
    expect(prompt).toContain('- 2026-11-20 09:30 UTC: expired (session session-7) — Ran out of time; commits abc123\n');
    expect(prompt).not.toContain('## Child issues');
  });

  it('renders the built-in minimal prompt when there is no version, without a review call', () => {
    const prompt = renderPrompt({ template: null, version: null }, context, { loopUrl: 'https://loop.example.com', meta: {} });
    expect(prompt).toContain("Loop's built-in minimal prompt");
    expect(prompt).toContain('## Issue #42');
    expect(prompt).not.toContain('/api/v1/prompt-reviews');
    expect(() => assertTemplateCompiles(builtinPrompt)).not.toThrow();
  });

  it('answers with the same prompt from the compiled-template cache', () => {
    const choice = choiceFor('cached {{issue.number}}');
    const first = renderPrompt(choice, context, { loopUrl: 'http://x', meta: {} });
    const second = renderPrompt(choice, context, { loopUrl: 'http://x', meta: {} });
    expect(first).toBe('cached 42');
    expect(second).toBe(first);
  });
});

describe('assertTemplateCompiles', () => {
  const failure = (content: string) => {
    try {
      assertTemplateCompiles(content);
    } catch (error) {
      return error as { code: string; message: string; details: { field: string; message: string }[] };
    }
    throw new Error('expected the content to be refused');
  };

  it.each([
    ['an unclosed block', 'line one\n{{#if issue}}\nno end', /Parse error on line 3/],
    ['a broken mustache', 'a\nb\n{{issue.title', /Parse error on line 3/],
    ['mismatched blocks', 'one\n{{#if issue}}x{{/each}}', /if doesn't match each.*\(line 2\)/],
    ['an unknown partial', 'x\n\n{{> nope}}', /partial "nope" does not exist \(line 3, column 1\)/],
    ['an unknown helper', '{{shout issue.title}}', /Unknown helper "shout" \(line 1, column 1\)/],
    ['an unknown helper in a subexpression', '{{#if (shout 1)}}x{{/if}}', /Unknown helper "shout"/],
  ])('refuses %s with the compiler message and its line', (_what, content, message) => {
    const error = failure(content);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toMatch(message);
    expect(error.details).toEqual([{ field: 'content', message: expect.stringMatching(message) }]);
  });

  it('accepts inline partials, escaped mustaches and plain markdown', () => {
    expect(() => assertTemplateCompiles('{{#*inline "mine"}}x{{/inline}}{{> mine}}')).not.toThrow();
    expect(() => assertTemplateCompiles('literal \\{{> nope}}')).not.toThrow();
    expect(() => assertTemplateCompiles('# Title\n\n`code` and <b>&</b>')).not.toThrow();
  });
});
