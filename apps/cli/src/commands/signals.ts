import { unwrap } from '@loop/client';
import { type Command, Option } from 'commander';
import { examples } from './help';
import { contextFor } from '../context';
import type { Io } from '../output';
import { issueRow } from './issues';
import { table } from '../output';

export function registerSignals(program: Command, io: Io) {
  program
    .command('signal')
    .description('Report a signal; Loop files it as a triage issue')
    .addHelpText('after', examples(['loop signal "Checkout is slow" --severity high', 'loop signal "Error rate up" --source sentry --type error --json']))
    .argument('<text>', 'what happened')
    .option('--source <source>', 'where it comes from', 'manual')
    .addOption(new Option('--severity <level>', 'how bad').choices(['low', 'medium', 'high', 'critical']).default('medium'))
    .option('--type <type>', 'kind of signal', 'note')
    .option('--project <id>', 'file it under this project')
    .action(async (text: string, options: { source: string; severity: string; type: string; project?: string }, command: Command) => {
      const ctx = contextFor(command, io);
      const result = await unwrap(
        ctx.client.POST('/api/v1/signals', {
          body: {
            source: options.source,
            type: options.type,
            severity: options.severity as 'medium',
            title: text,
            payload: { text },
            ...(options.project ? { projectId: options.project } : {}),
          },
        }),
      );
      const issue = result.data.issue;
      ctx.print(result, () => (issue ? `Signal recorded → triage issue #${issue.number} ${issue.title}` : 'Signal recorded (its triage issue has been deleted)'));
    });

  const triage = program.command('triage').description('The triage queue: accept or decline new issues')
    .addHelpText('after', examples(['loop triage', 'loop triage accept 7 --todo', 'loop triage --json']));

  triage.action(async (_options, command: Command) => {
    const ctx = contextFor(command, io);
    const page = await unwrap(
      ctx.client.GET('/api/v1/issues', { params: { query: { status: 'triage', sort: 'priority', limit: 200 } } }),
    );
    ctx.print(page, () =>
      page.data.length === 0
        ? 'Nothing to triage.'
        : table(['#', 'STATUS', 'TYPE', 'PRIORITY', 'CREATED', 'TITLE'], page.data.map((issue) => issueRow(issue, ctx.paint, io.now())), ctx.paint),
    );
  });

  triage
    .command('accept')
    .description('Accept an issue out of triage (to backlog, or todo with --todo)')
    .addHelpText('after', examples(['loop triage accept 7', 'loop triage accept 7 --todo --json']))
    .argument('<number>', 'issue number')
    .option('--todo', 'make it ready for agents right away')
    .action(async (ref: string, options: { todo?: boolean }, command: Command) => {
      const ctx = contextFor(command, io);
      const updated = await unwrap(
        ctx.client.PATCH('/api/v1/issues/{idOrNumber}', {
          params: { path: { idOrNumber: ref } },
          body: { status: options.todo ? 'todo' : 'backlog' },
        }),
      );
      ctx.print(updated, () => `Accepted #${updated.data.number} → ${updated.data.status}`);
    });

  triage
    .command('decline')
    .description('Decline an issue: cancel it, with the reason as a comment')
    .addHelpText('after', examples(['loop triage decline 8 "not actionable"', 'loop triage decline 8 --json']))
    .argument('<number>', 'issue number')
    .argument('[reason]', 'why (kept as a comment)')
    .action(async (ref: string, reason: string | undefined, _options, command: Command) => {
      const ctx = contextFor(command, io);
      if (reason) {
        await unwrap(
          ctx.client.POST('/api/v1/issues/{idOrNumber}/comments', {
            params: { path: { idOrNumber: ref } },
            body: { body: `Declined in triage: ${reason}`, authorName: io.env.USER ?? 'cli', authorType: 'human' },
          }),
        );
      }
      const updated = await unwrap(
        ctx.client.PATCH('/api/v1/issues/{idOrNumber}', { params: { path: { idOrNumber: ref } }, body: { status: 'canceled' } }),
      );
      ctx.print(updated, () => `Declined #${updated.data.number}${reason ? `: ${reason}` : ''}`);
    });
}
