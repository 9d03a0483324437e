import { unwrap } from '@loop/client';
import { type Command, Option } from 'commander';
import { examples } from './help';
import { contextFor } from '../context';
import { UsageError } from '../exit-codes';
import { type Io, type Paint, priorityName, relativeTime, statusStyle, table } from '../output';

const issueTypes = ['signal', 'hypothesis', 'plan', 'task', 'monitor'];
const statuses = ['triage', 'backlog', 'todo', 'in_progress', 'done', 'canceled'];
const relationWords: Record<string, string> = {
  blocks: 'blocks',
  'blocked-by': 'blocked_by',
  related: 'related',
  duplicate: 'duplicate',
};

interface Summary {
  number: number;
  title: string;
  type: string;
  status: string;
  priority: number;
}

export const issueRow = (issue: Summary & { createdAt?: string }, paint: Paint, now: Date) => [
  `#${issue.number}`,
  paint(statusStyle(issue.status), issue.status),
  issue.type,
  priorityName(issue.priority),
  ...(issue.createdAt === undefined ? [] : [relativeTime(issue.createdAt, now)]),
  issue.title,
];

const integer = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a whole number, got "${value}"`);
  return Number(value);
};
const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerIssues(program: Command, io: Io) {
  program
    .command('list')
    .description('List issues, newest first')
    .addHelpText('after', examples(['loop list --status todo,in_progress', 'loop list --type signal --limit 10 --json']))
    .addOption(new Option('--status <statuses>', 'comma-separated statuses'))
    .addOption(new Option('--type <types>', 'comma-separated types'))
    .option('--project <id>', 'only this project')
    .option('--label <id>', 'only issues with this label')
    .option('--priority <n>', 'only this priority (0 none … 4 low)', integer('--priority'))
    .option('--limit <n>', 'how many (1–200)', integer('--limit'), 50)
    .action(async (options: Record<string, string | number | undefined>, command: Command) => {
      const ctx = contextFor(command, io);
      const page = await unwrap(
        ctx.client.GET('/api/v1/issues', {
          params: {
            query: {
              status: options.status as string | undefined,
              type: options.type as string | undefined,
              projectId: options.project as string | undefined,
              labelId: options.label as string | undefined,
              priority: options.priority === undefined ? undefined : String(options.priority),
              limit: options.limit as number,
            },
          },
        }),
      );
      ctx.print(page, () =>
        page.data.length === 0
          ? 'No issues match.'
          : `${table(['#', 'STATUS', 'TYPE', 'PRIORITY', 'CREATED', 'TITLE'], page.data.map((issue) => issueRow(issue, ctx.paint, io.now())), ctx.paint)}\n${ctx.paint('dim', `${page.data.length} of ${page.total}`)}`,
      );
    });

  program
    .command('show')
    .description('Show one issue with its parent, children, relations, labels and comments')
    .addHelpText('after', examples(['loop show 42', "loop show 42 --json | jq '.comments | length'"]))
    .argument('<number>', 'issue number (or id)')
    .action(async (ref: string, _options, command: Command) => {
      const ctx = contextFor(command, io);
      const [issue, comments] = await Promise.all([
        unwrap(ctx.client.GET('/api/v1/issues/{idOrNumber}', { params: { path: { idOrNumber: ref } } })),
        unwrap(ctx.client.GET('/api/v1/issues/{idOrNumber}/comments', { params: { path: { idOrNumber: ref }, query: { limit: 200 } } })),
      ]);
      ctx.print({ ...issue, comments: comments.data }, () => {
        const d = issue.data;
        const p = ctx.paint;
        const lines = [
          p('bold', `#${d.number} ${d.title}`),
          `${p(statusStyle(d.status), d.status)} · ${d.type} · priority ${priorityName(d.priority)} · created ${relativeTime(d.createdAt, io.now())}`,
        ];
        if (d.project) lines.push(`project   ${d.project.name}`);
        if (d.parent) lines.push(`parent    #${d.parent.number} ${d.parent.title}`);
        if (d.labels.length) lines.push(`labels    ${d.labels.map((label) => label.name).join(', ')}`);
        if (d.description) lines.push('', d.description);
        if (d.children.length) {
          lines.push('', p('bold', 'Children'), table(['#', 'STATUS', 'TYPE', 'PRIORITY', 'TITLE'], d.children.map((c) => issueRow(c, p, io.now())), p));
        }
        if (d.relations.length) {
          lines.push('', p('bold', 'Relations'));
          for (const relation of d.relations) lines.push(`  ${relation.type.padEnd(10)} #${relation.issue.number} ${relation.issue.title}`);
        }
        if (d.agentSummary) lines.push('', p('bold', 'Agent summary'), d.agentSummary);
        if (comments.data.length) {
          lines.push('', p('bold', 'Comments'));
          for (const comment of comments.data) {
            lines.push(`  ${p('bold', comment.authorName)} (${comment.authorType}, ${relativeTime(comment.createdAt, io.now())}): ${comment.body}`);
            for (const reply of comment.replies) {
              lines.push(`    ↳ ${p('bold', reply.authorName)} (${relativeTime(reply.createdAt, io.now())}): ${reply.body}`);
            }
          }
        }
        return lines.join('\n');
      });
    });

  program
    .command('create')
    .description('Create an issue')
    .addHelpText('after', examples(['loop create "Cache the pricing call" --type task --priority 2 --parent 12', 'loop create "Measure p95" --type monitor --json']))
    .argument('<title>', 'the title')
    .addOption(new Option('--type <type>', 'issue type').choices(issueTypes).default('task'))
    .addOption(new Option('--status <status>', 'initial status').choices(statuses))
    .option('--priority <n>', '0 none, 1 urgent, 2 high, 3 medium, 4 low', integer('--priority'))
    .option('--description <text>', 'markdown description')
    .option('--project <id>', 'project id')
    .option('--parent <number>', 'parent issue number or id')
    .option('--label <id>', 'label id (repeatable)', collect)
    .action(async (title: string, options: Record<string, unknown>, command: Command) => {
      const ctx = contextFor(command, io);
      const body = {
        title,
        type: options.type as 'task',
        ...(options.status ? { status: options.status as 'todo' } : {}),
        ...(options.priority !== undefined ? { priority: options.priority as number } : {}),
        ...(options.description ? { description: options.description as string } : {}),
        ...(options.project ? { projectId: options.project as string } : {}),
        ...(options.parent ? { parentId: options.parent as string } : {}),
        ...(options.label ? { labelIds: options.label as string[] } : {}),
      };
      const created = await unwrap(ctx.client.POST('/api/v1/issues', { body }));
      ctx.print(created, () => `Created #${created.data.number} ${created.data.title}`);
    });

  program
    .command('update')
    .description('Change fields of an issue')
    .addHelpText('after', examples(['loop update 42 --status done --summary "Fixed in #77"', 'loop update 42 --project none --json']))
    .argument('<number>', 'issue number (or id)')
    .addOption(new Option('--status <status>').choices(statuses))
    .option('--priority <n>', '0–4', integer('--priority'))
    .option('--title <text>')
    .option('--description <text>')
    .option('--project <id>', 'project id ("none" to clear)')
    .option('--parent <number>', 'parent issue ("none" to clear)')
    .option('--label <id>', 'replace the labels (repeatable)', collect)
    .option('--summary <text>', 'the agent summary')
    .action(async (ref: string, options: Record<string, unknown>, command: Command) => {
      const ctx = contextFor(command, io);
      const clearable = (value: unknown) => (value === 'none' ? null : (value as string));
      const body = {
        ...(options.status ? { status: options.status as 'done' } : {}),
        ...(options.priority !== undefined ? { priority: options.priority as number } : {}),
        ...(options.title ? { title: options.title as string } : {}),
        ...(options.description ? { description: options.description as string } : {}),
        ...(options.project ? { projectId: clearable(options.project) } : {}),
        ...(options.parent ? { parentId: clearable(options.parent) } : {}),
        ...(options.label ? { labelIds: options.label as string[] } : {}),
        ...(options.summary ? { agentSummary: options.summary as string } : {}),
      };
      if (Object.keys(body).length === 0) throw new UsageError('Nothing to update: pass at least one option (see loop update --help)');
      const updated = await unwrap(
        ctx.client.PATCH('/api/v1/issues/{idOrNumber}', { params: { path: { idOrNumber: ref } }, body }),
      );
      ctx.print(updated, () => `Updated #${updated.data.number}: ${updated.data.status} · ${updated.data.title}`);
    });

  program
    .command('comment')
    .description('Comment on an issue')
    .addHelpText('after', examples(['loop comment 42 "Reproduced on staging"', 'loop comment 42 "Done" --author ada --json']))
    .argument('<number>', 'issue number (or id)')
    .argument('<text>', 'the comment (markdown)')
    .option('--author <name>', 'author name (default: $USER)')
    .action(async (ref: string, text: string, options: { author?: string }, command: Command) => {
      const ctx = contextFor(command, io);
      const authorName = options.author ?? io.env.USER ?? 'cli';
      const created = await unwrap(
        ctx.client.POST('/api/v1/issues/{idOrNumber}/comments', {
          params: { path: { idOrNumber: ref } },
          body: { body: text, authorName, authorType: 'human' },
        }),
      );
      ctx.print(created, () => `Commented on #${ref}`);
    });

  program
    .command('link')
    .description('Relate two issues')
    .addHelpText('after', examples(['loop link 12 blocks 14', 'loop link 12 duplicate 9 --json']))
    .argument('<number>', 'issue number')
    .argument('<relation>', 'blocks | blocked-by | related | duplicate')
    .argument('<other>', 'the other issue number')
    .action(async (ref: string, word: string, other: string, _options, command: Command) => {
      const type = relationWords[word];
      if (!type) throw new UsageError(`Unknown relation "${word}": use blocks, blocked-by, related or duplicate`);
      const ctx = contextFor(command, io);
      const created = await unwrap(
        ctx.client.POST('/api/v1/issues/{idOrNumber}/relations', {
          params: { path: { idOrNumber: ref } },
          body: { type: type as 'blocks', relatedIssueId: /^\d+$/.test(other) ? Number(other) : other },
        }),
      );
      ctx.print(created, () => `#${ref} ${created.data.type} #${created.data.issue.number} ${created.data.issue.title}`);
    });
}
