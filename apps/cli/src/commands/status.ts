import { unwrap } from '@loop/client';
import type { Command } from 'commander';
import { examples } from './help';
import { contextFor } from '../context';
import { type Io, progressBar, relativeTime } from '../output';

export function registerStatus(program: Command, io: Io) {
  program
    .command('status')
    .description('Queue depth, work in progress, recent completions and goals at a glance')
    .addHelpText('after', examples(['loop status', 'loop status --json']))
    .action(async (_options, command: Command) => {
      const ctx = contextFor(command, io);
      const [queue, inProgress, done, goals] = await Promise.all([
        unwrap(ctx.client.GET('/api/v1/dispatch/queue', { params: { query: { limit: 1 } } })),
        unwrap(ctx.client.GET('/api/v1/issues', { params: { query: { status: 'in_progress', limit: 10 } } })),
        unwrap(ctx.client.GET('/api/v1/issues', { params: { query: { status: 'done', sort: '-updatedAt', limit: 5 } } })),
        unwrap(ctx.client.GET('/api/v1/goals', { params: { query: { status: 'active', limit: 20 } } })),
      ]);
      const summary = {
        queueDepth: queue.total,
        inProgress: { total: inProgress.total, issues: inProgress.data },
        recentCompletions: done.data,
        goals: goals.data,
      };
      ctx.print(summary, () => {
        const p = ctx.paint;
        const lines = [`${p('bold', 'Queue')}        ${queue.total} ready`, `${p('bold', 'In progress')}  ${inProgress.total}`];
        for (const issue of inProgress.data) lines.push(`  #${issue.number} ${issue.title}`);
        lines.push(p('bold', 'Recently done'));
        if (done.data.length === 0) lines.push('  —');
        for (const issue of done.data) lines.push(`  #${issue.number} ${issue.title} (${relativeTime(issue.completedAt, io.now())})`);
        lines.push(p('bold', 'Goals'));
        if (goals.data.length === 0) lines.push('  —');
        for (const goal of goals.data) lines.push(`  ${progressBar(goal.percent)}  ${goal.title}`);
        return lines.join('\n');
      });
    });
}
