import { randomUUID } from 'node:crypto';
import { unwrap } from '@loop/client';
import type { Command } from 'commander';
import { examples } from './help';
import { contextFor } from '../context';
import { type Io, priorityName, relativeTime, table } from '../output';

export function registerDispatch(program: Command, io: Io) {
  program
    .command('queue')
    .description('The ranked queue of ready issues, with their scores')
    .addHelpText('after', examples(['loop queue', 'loop queue --project <id> --limit 5 --json']))
    .option('--project <id>', 'only this project')
    .option('--limit <n>', 'how many', (value) => Number(value), 20)
    .action(async (options: { project?: string; limit: number }, command: Command) => {
      const ctx = contextFor(command, io);
      const page = await unwrap(
        ctx.client.GET('/api/v1/dispatch/queue', {
          params: { query: { limit: options.limit, ...(options.project ? { projectId: options.project } : {}) } },
        }),
      );
      ctx.print(page, () =>
        page.data.length === 0
          ? 'The queue is empty: nothing is ready.'
          : `${table(
              ['RANK', 'SCORE', 'PRIORITY', 'GOAL', 'AGE', '#', 'TYPE', 'TITLE'],
              page.data.map((entry, index) => [
                String(index + 1),
                String(entry.score),
                `${entry.breakdown.priority} (${priorityName(entry.issue.priority)})`,
                `+${entry.breakdown.goal}`,
                `+${entry.breakdown.age}`,
                `#${entry.issue.number}`,
                entry.issue.type,
                entry.issue.title,
              ]),
              ctx.paint,
            )}\n${ctx.paint('dim', `${page.total} ready`)}`,
      );
    });

  program
    .command('next')
    .description('Claim the next issue and print its prompt')
    .addHelpText('after', examples(['loop next', 'loop next --json > claim.json', 'loop next --idempotency-key run-42 --json   # again after a lost answer: the same claim']))
    .option('--project <id>', 'only this project')
    .option(
      '--idempotency-key <key>',
      'claim with this key: running the command again with it answers the same claim while it is open (default: a new key)',
    )
    .action(async (options: { project?: string; idempotencyKey?: string }, command: Command) => {
      const ctx = contextFor(command, io);
      // One key per claim: the client retries a claim only with it, so a lost answer never claims twice.
      const { data, error, response } = await ctx.client.POST('/api/v1/dispatch/next', {
        params: {
          query: options.project ? { projectId: options.project } : {},
          header: { 'idempotency-key': options.idempotencyKey ?? randomUUID() },
        },
      });
      if (response.status === 204) {
        ctx.print({ data: null }, () => 'Nothing is ready. (loop queue shows what is waiting.)');
        return;
      }
      const claim = await unwrap(Promise.resolve({ data, error, response }));
      ctx.print(claim, () => {
        const { issue, meta, prompt } = claim.data;
        return [
          ctx.paint('bold', `Claimed #${issue.number} ${issue.title}`),
          ctx.paint(
            'dim',
            `template ${meta.templateSlug ?? 'built-in'}${meta.versionNumber ? ` v${meta.versionNumber}` : ''} · lease expires ${relativeTime(meta.leaseExpiresAt, io.now())}`,
          ),
          ctx.paint('dim', `dispatch ${meta.dispatchId}: send it as the Loop-Dispatch-Id header on your reports`),
          '',
          prompt,
        ].join('\n');
      });
    });
}
