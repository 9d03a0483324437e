import { unwrap } from '@loop/client';
import type { Command } from 'commander';
import { examples } from './help';
import { contextFor } from '../context';
import { UsageError } from '../exit-codes';
import { type Io, relativeTime, table } from '../output';

const score = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toFixed(2));

export function registerTemplates(program: Command, io: Io) {
  const templates = program.command('templates').description('Prompt templates: list, inspect, promote')
    .addHelpText('after', examples(['loop templates', 'loop templates show task-execute', 'loop templates --json']));

  templates.action(async (_options, command: Command) => {
    const ctx = contextFor(command, io);
    const page = await unwrap(ctx.client.GET('/api/v1/templates', { params: { query: { limit: 200 } } }));
    ctx.print(page, () =>
      table(
        ['SLUG', 'ACTIVE', 'SPECIFICITY', 'USAGE', 'SCORE', 'NAME'],
        page.data.map((t) => [
          t.slug,
          t.activeVersion ? `v${t.activeVersion.version}` : '—',
          String(t.specificity),
          String(t.activeVersion?.usageCount ?? 0),
          score(t.activeVersion?.reviewScore),
          t.name,
        ]),
        ctx.paint,
      ),
    );
  });

  templates
    .command('show')
    .description('Show a template with its versions and review scores')
    .addHelpText('after', examples(['loop templates show task-execute', 'loop templates show signal-triage --json']))
    .argument('<slug>', 'template slug or id')
    .action(async (slug: string, _options, command: Command) => {
      const ctx = contextFor(command, io);
      const path = { params: { path: { idOrSlug: slug } } };
      const [template, versions, reviews] = await Promise.all([
        unwrap(ctx.client.GET('/api/v1/templates/{idOrSlug}', path)),
        unwrap(ctx.client.GET('/api/v1/templates/{idOrSlug}/versions', { params: { path: { idOrSlug: slug }, query: { limit: 200 } } })),
        unwrap(ctx.client.GET('/api/v1/templates/{idOrSlug}/reviews', { params: { path: { idOrSlug: slug }, query: { limit: 1 } } })),
      ]);
      ctx.print({ template: template.data, versions: versions.data, reviews: { averages: reviews.averages, count: reviews.count } }, () => {
        const t = template.data;
        const a = reviews.averages;
        return [
          ctx.paint('bold', `${t.name} (${t.slug})`),
          t.description ?? '',
          `conditions ${JSON.stringify(t.conditions)} · specificity ${t.specificity}`,
          `reviews ${reviews.count} · clarity ${score(a.clarity)} · completeness ${score(a.completeness)} · relevance ${score(a.relevance)} · overall ${score(a.overall)}`,
          '',
          table(
            ['VERSION', 'STATUS', 'USAGE', 'COMPLETION', 'SCORE', 'CREATED', 'ID'],
            versions.data.map((v) => [
              `v${v.version}`,
              v.status,
              String(v.usageCount),
              v.completionRate === null ? '—' : `${Math.round(v.completionRate * 100)}%`,
              score(v.reviewScore),
              relativeTime(v.createdAt, io.now()),
              v.id,
            ]),
            ctx.paint,
          ),
        ].join('\n');
      });
    });

  templates
    .command('promote')
    .description('Make a version the active one (the previous active version retires)')
    .addHelpText('after', examples(['loop templates promote <versionId>', 'loop templates promote <versionId> --template task-execute --json']))
    .argument('<versionId>', 'the version id (see loop templates show)')
    .option('--template <slug>', 'the template it belongs to (found automatically when omitted)')
    .action(async (versionId: string, options: { template?: string }, command: Command) => {
      const ctx = contextFor(command, io);
      const slug = options.template ?? (await findTemplateOf(ctx.client, versionId));
      const promoted = await unwrap(
        ctx.client.PATCH('/api/v1/templates/{idOrSlug}/versions/{versionId}', {
          params: { path: { idOrSlug: slug, versionId } },
          body: { status: 'active' },
        }),
      );
      ctx.print(promoted, () => `Promoted ${slug} v${promoted.data.version} to active`);
    });
}

async function findTemplateOf(client: ReturnType<typeof contextFor>['client'], versionId: string): Promise<string> {
  const templates = await unwrap(client.GET('/api/v1/templates', { params: { query: { limit: 200 } } }));
  for (const template of templates.data) {
    const versions = await unwrap(
      client.GET('/api/v1/templates/{idOrSlug}/versions', { params: { path: { idOrSlug: template.id }, query: { limit: 200 } } }),
    );
    if (versions.data.some((version) => version.id === versionId)) return template.slug;
  }
  throw new UsageError(`No template has a version ${versionId}`);
}
