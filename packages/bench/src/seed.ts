import { call, inParallel } from './http';

export interface SeededData {
  projectIds: string[];
  labelIds: string[];
  /** Numbers of issues that have a parent, children, labels and relations: the "get one issue" targets. */
  richIssueNumbers: number[];
  issueCount: number;
  signalCount: number;
  /** Issues claimed through `dispatch/next` and then finished: the dispatch history of a used system. */
  finishedCount: number;
}

interface Claimed {
  data: { issue: { number: number } };
}

interface Created {
  data: { id: string; number: number; projectId: string | null };
}

/** A deterministic pseudo-random sequence, so every run seeds the same shape. */
function sequence(seed: number) {
  let state = seed;
  return (max: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % max;
  };
}

/**
 * A realistic data set, created through the API: 5 goals and projects, 20 labels, 1,000 issues
 * (200 plans with 4 tasks each; tasks carry labels and some block each other), 200 signals, and the
 * history of work already done: the first `finished` issues of the queue claimed and closed as done.
 * Without that history the claim's statements are planned against an empty `dispatches` table and
 * keep those plans (sequential scans) while the bench's own claims fill it, faster than autovacuum
 * re-analyzes it; a system in use has its history and statistics.
 */
export async function seed(
  base: string,
  options: { roots: number; childrenPerRoot: number; signals: number; finished: number },
): Promise<SeededData> {
  const random = sequence(42);
  const goals = await inParallel([1, 2, 3, 4, 5], 5, (n) =>
    call<Created>(base, 'POST', '/api/v1/goals', { title: `Goal ${n}`, metric: 'conversion', targetValue: 100, currentValue: n * 10, unit: '%' }),
  );
  const projects = await inParallel(goals, 5, (goal, i) =>
    call<Created>(base, 'POST', '/api/v1/projects', { name: `Project ${i + 1}`, status: 'active', goalId: goal.data.id }),
  );
  const projectIds = projects.map((project) => project.data.id);
  const labels = await inParallel(
    Array.from({ length: 20 }, (_, i) => i),
    5,
    (i) => call<Created>(base, 'POST', '/api/v1/labels', { name: `label-${i}`, color: `#${(i * 123456 + 65793).toString(16).padStart(6, '0').slice(0, 6)}` }),
  );
  const labelIds = labels.map((label) => label.data.id);

  const roots = await inParallel(
    Array.from({ length: options.roots }, (_, i) => i),
    8,
    (i) =>
      call<Created>(base, 'POST', '/api/v1/issues', {
        title: `Plan ${i}: improve the checkout flow step ${i}`,
        type: 'plan',
        status: 'backlog',
        priority: 1 + random(4),
        projectId: projectIds[i % projectIds.length],
        description: 'Seeded plan with a few tasks.',
      }),
  );
  const children = await inParallel(
    roots.flatMap((root, i) => Array.from({ length: options.childrenPerRoot }, (_, j) => ({ root: root.data, n: i * options.childrenPerRoot + j }))),
    8,
    ({ root, n }) =>
      call<Created>(base, 'POST', '/api/v1/issues', {
        title: `Task ${n} of plan ${root.number}`,
        type: 'task',
        status: 'todo',
        priority: random(5),
        parentId: root.id,
        projectId: root.projectId,
        labelIds: [labelIds[random(20)], labelIds[random(20)]].filter((id, k, all) => all.indexOf(id) === k),
      }),
  );

  // Every fourth task blocks the next one: some of the queue waits on its blockers.
  const blocked = children.filter((_, i) => i % 4 === 0 && i + 1 < children.length);
  await inParallel(blocked, 8, (child) => {
    const next = children[children.indexOf(child) + 1]!;
    return call(base, 'POST', `/api/v1/issues/${child.data.number}/relations`, { type: 'blocks', relatedIssueId: next.data.number });
  });

  const severities = ['low', 'medium', 'high', 'critical'];
  await inParallel(
    Array.from({ length: options.signals }, (_, i) => i),
    8,
    (i) =>
      call(base, 'POST', '/api/v1/signals', {
        source: 'bench',
        type: 'error-spike',
        severity: severities[random(4)],
        payload: { message: `Seeded error ${i}`, count: random(1000) },
        deliveryId: `seed-${i}`,
      }),
  );

  // One claimer at a time, so each claim is the top of the queue, as the work would have been done.
  let finishedCount = 0;
  for (; finishedCount < options.finished; finishedCount++) {
    const claimed = await call<Claimed | undefined>(base, 'POST', '/api/v1/dispatch/next');
    if (!claimed) break;
    await call(base, 'PATCH', `/api/v1/issues/${claimed.data.issue.number}`, { status: 'done' });
  }

  return {
    projectIds,
    labelIds,
    richIssueNumbers: blocked.map((child) => child.data.number),
    issueCount: roots.length + children.length,
    signalCount: options.signals,
    finishedCount,
  };
}
