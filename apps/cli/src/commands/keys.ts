import { unwrap } from '@loop/client';
import type { Command } from 'commander';
import { examples } from './help';
import { contextFor } from '../context';
import { type Io, relativeTime, table } from '../output';

export function registerKeys(program: Command, io: Io) {
  const keys = program.command('keys').description('API keys: create, list, revoke')
    .addHelpText('after', examples(['loop keys list', 'loop keys create ci', 'loop keys list --json']));

  keys
    .command('create')
    .description('Create an API key (the secret is shown once)')
    .addHelpText('after', examples(['loop keys create ci', 'loop keys create agent-1 --json']))
    .argument('<name>', 'what the key is for')
    .option('--role <role>', 'admin (everything, the default) or agent (everything except managing keys)')
    .action(async (name: string, options: { role?: 'admin' | 'agent' }, command: Command) => {
      const ctx = contextFor(command, io);
      const created = await unwrap(ctx.client.POST('/api/v1/api-keys', { body: { name, ...(options.role ? { role: options.role } : {}) } }));
      ctx.print(
        created,
        () => `Created ${created.data.role} key "${created.data.name}" (${created.data.id}). Store it now; it is not shown again:\n\n  ${created.data.key}`,
      );
    });

  keys
    .command('list')
    .description('List API keys (never their secrets)')
    .addHelpText('after', examples(['loop keys list', 'loop keys list --json']))
    .action(async (_options, command: Command) => {
      const ctx = contextFor(command, io);
      const page = await unwrap(ctx.client.GET('/api/v1/api-keys', { params: { query: { limit: 200 } } }));
      ctx.print(page, () =>
        table(
          ['ID', 'PREFIX', 'NAME', 'ROLE', 'LAST USED', 'STATE'],
          page.data.map((key) => [
            key.id,
            `${key.prefix}…`,
            key.name,
            key.role,
            relativeTime(key.lastUsedAt, io.now()),
            key.revokedAt ? 'revoked' : 'active',
          ]),
          ctx.paint,
        ),
      );
    });

  keys
    .command('revoke')
    .description('Revoke an API key at once')
    .addHelpText('after', examples(['loop keys revoke <id>', 'loop keys revoke <id> --json']))
    .argument('<id>', 'the key id (see loop keys list)')
    .action(async (id: string, _options, command: Command) => {
      const ctx = contextFor(command, io);
      await unwrap(ctx.client.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } }));
      ctx.print({ data: { id, revoked: true } }, () => `Revoked ${id}`);
    });
}
