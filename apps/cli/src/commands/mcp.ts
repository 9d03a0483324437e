import type { Command } from 'commander';
import { resolveConfig } from '../config-store';
import type { Io } from '../output';

export function registerMcp(program: Command, io: Io) {
  program
    .command('mcp')
    .description("Serve Loop's MCP tools on stdio, for agents that run tools as local processes (bridges to <url>/mcp)")
    // Its output is the MCP protocol on stdout, so `--json` means nothing here and no example shows it.
    .addHelpText(
      'after',
      `
Uses the same URL and key as every command (LOOP_URL / LOOP_API_KEY or loop config).

Examples:
  loop mcp
  LOOP_URL=https://loop.example.com loop mcp
  claude mcp add loop -- npx loop mcp`,
    )
    .action(async () => {
      const config = resolveConfig(io.env);
      // The MCP SDK (with zod and ajv) is most of the bundle: only this command loads it (ADR 0035).
      const { serveMcpBridge } = await import('../mcp-bridge');
      await serveMcpBridge({ url: config.url, token: config.token });
    });
}
