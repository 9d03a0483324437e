import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from './harness';

const exec = promisify(execFile);

describe('loop completion', () => {
  const cli = cliRunner({ env: {} });
  const dir = mkdtempSync(join(tmpdir(), 'loop-completion-'));
  afterAll(() => {
    cli.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What bash offers after `words`, by running the generated function as bash would. */
  async function bashCompletes(words: string[]): Promise<string[]> {
    const script = join(dir, 'loop.bash');
    writeFileSync(script, (await cli.run(['completion', 'bash'])).stdout);
    const line = ['loop', ...words];
    const { stdout } = await exec('bash', [
      '-c',
      `source ${script}; COMP_WORDS=(${line.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${line.length - 1}; _loop; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ]);
    return stdout.split('\n').filter(Boolean);
  }

  it('completes commands, subcommands and options in bash', async () => {
    expect(await bashCompletes(['tri'])).toEqual(['triage']);
    expect(await bashCompletes(['config', ''])).toEqual(expect.arrayContaining(['set', 'get', 'unset', 'list', '--json']));
    expect(await bashCompletes(['queue', '--l'])).toEqual(['--limit']);
  });

  it('prints zsh and fish scripts naming every command', async () => {
    const zsh = (await cli.run(['completion', 'zsh'])).stdout;
    expect(zsh.split('\n')[0]).toBe('#compdef loop');
    expect(zsh).toMatch(/config\) candidates=\(set get unset list/);
    const fish = (await cli.run(['completion', 'fish'])).stdout;
    expect(fish).toContain('complete -c loop -n __fish_use_subcommand -a login');
    expect(fish).toContain("complete -c loop -n '__fish_seen_subcommand_from keys' -a revoke");
  });

  it('refuses an unknown shell (exit 2)', async () => {
    expect((await cli.run(['completion', 'powershell'])).code).toBe(2);
  });
});
