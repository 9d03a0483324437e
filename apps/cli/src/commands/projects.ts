import { unwrap } from '@loop/client';
import type { Command } from 'commander';
import { examples } from './help';
import { contextFor } from '../context';
import { type Io, progressBar, table } from '../output';

export function registerProjects(program: Command, io: Io) {
  program
    .command('projects')
    .description('List projects')
    .addHelpText('after', examples(['loop projects', 'loop projects --json']))
    .action(async (_options, command: Command) => {
      const ctx = contextFor(command, io);
      const page = await unwrap(ctx.client.GET('/api/v1/projects', { params: { query: { limit: 200 } } }));
      ctx.print(page, () =>
        page.data.length === 0
          ? 'No projects yet.'
          : table(['ID', 'STATUS', 'HEALTH', 'NAME'], page.data.map((p) => [p.id, p.status, p.health, p.name]), ctx.paint),
      );
    });

  program
    .command('goals')
    .description('List goals with their progress')
    .addHelpText('after', examples(['loop goals', 'loop goals --json']))
    .action(async (_options, command: Command) => {
      const ctx = contextFor(command, io);
      const page = await unwrap(ctx.client.GET('/api/v1/goals', { params: { query: { limit: 200 } } }));
      ctx.print(page, () =>
        page.data.length === 0
          ? 'No goals yet.'
          : table(
              ['GOAL', 'STATUS', 'PROGRESS', 'VALUE'],
              page.data.map((g) => [
                g.title,
                g.status,
                progressBar(g.percent),
                `${g.currentValue ?? '—'} / ${g.targetValue ?? '—'}${g.unit ? ` ${g.unit}` : ''}`,
              ]),
              ctx.paint,
            ),
      );
    });
}
