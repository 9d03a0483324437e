import type { Command } from 'commander';
import { resolveConfig } from '../config-store';
import { serveMcpBridge } from '../mcp-bridge';
import type { Io } from '../output';

export function registerMcp(program: Command, io: Io) {
  program
    .command('mcp')
    .description("Serve Loop's MCP tools on stdio, for agents that run tools as local processes (bridges to <url>/mcp)")
    .addHelpText(
      'after',
      `
Uses the same URL and key as every command (LOOP_URL / LOOP_API_KEY or loop config). Register it with an agent:
  claude mcp add loop -- npx loop mcp`,
    )
    .action(async () => {
      const config = resolveConfig(io.env);
      await serveMcpBridge({ url: config.url, token: config.token });
    });
}
