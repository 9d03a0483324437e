import type { Command } from 'commander';
import { UsageError } from '../exit-codes';
import type { Io } from '../output';
import { examples } from './help';

const shells = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof shells)[number];

interface Words {
  /** The top-level commands and global options. */
  top: string[];
  /** What may follow each command: its subcommands and options. */
  after: Map<string, string[]>;
}

const longFlags = (command: Command) => command.options.map((option) => option.long).filter((flag): flag is string => Boolean(flag));

/** Read from the program itself, so a new command or option completes without touching this file. */
function wordsOf(program: Command): Words {
  const globals = [...longFlags(program), '--help'];
  const after = new Map<string, string[]>();
  for (const command of program.commands) {
    after.set(command.name(), [...command.commands.map((sub) => sub.name()), ...longFlags(command), ...globals]);
  }
  return { top: [...program.commands.map((command) => command.name()), ...globals, '--version'], after };
}

function bash({ top, after }: Words): string {
  const cases = [...after].map(([name, words]) => `    ${name}) words="${words.join(' ')}" ;;`).join('\n');
  return `# loop completion for bash: loop completion bash > ~/.local/share/bash-completion/completions/loop
_loop() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" words
  if [[ \${COMP_CWORD} -eq 1 ]]; then
    words="${top.join(' ')}"
  else
    case "\${COMP_WORDS[1]}" in
${cases}
    *) words="" ;;
    esac
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _loop loop`;
}

function zsh({ top, after }: Words): string {
  const cases = [...after].map(([name, words]) => `      ${name}) candidates=(${words.join(' ')}) ;;`).join('\n');
  return `#compdef loop
# loop completion for zsh: loop completion zsh > "\${fpath[1]}/_loop" (then restart the shell)
_loop() {
  local -a candidates
  if (( CURRENT == 2 )); then
    candidates=(${top.join(' ')})
  else
    case "\${words[2]}" in
${cases}
    esac
  fi
  compadd -- "\${candidates[@]}"
}
if [[ "\${funcstack[1]}" == _loop ]]; then _loop "$@"; else compdef _loop loop; fi`;
}

function fish({ top, after }: Words): string {
  const flag = (word: string) => (word.startsWith('--') ? `-l ${word.slice(2)}` : `-a ${word}`);
  const lines = ['# loop completion for fish: loop completion fish > ~/.config/fish/completions/loop.fish', 'complete -c loop -f'];
  for (const word of top) lines.push(`complete -c loop -n __fish_use_subcommand ${flag(word)}`);
  for (const [name, words] of after) {
    for (const word of words) lines.push(`complete -c loop -n '__fish_seen_subcommand_from ${name}' ${flag(word)}`);
  }
  return lines.join('\n');
}

export function registerCompletion(program: Command, io: Io) {
  program
    .command('completion')
    .description('Print a shell completion script for bash, zsh or fish')
    .argument('<shell>', shells.join(', '))
    .addHelpText(
      'after',
      examples([
        'loop completion bash > ~/.local/share/bash-completion/completions/loop',
        'loop completion zsh > "${fpath[1]}/_loop"',
        'loop completion fish > ~/.config/fish/completions/loop.fish',
        '(--json has nothing to add here: the script is text)',
      ]),
    )
    .action((shell: string) => {
      if (!(shells as readonly string[]).includes(shell)) throw new UsageError(`Unknown shell "${shell}": use ${shells.join(', ')}`);
      const words = wordsOf(program);
      io.stdout({ bash, zsh, fish }[shell as Shell](words));
    });
}
