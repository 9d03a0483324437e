/** The "Examples:" block every command's help ends with; the last line shows `--json` when none does. */
export function examples(lines: string[]): string {
  const shown = lines.some((line) => line.includes('--json')) ? lines : [...lines, `${lines[0]} --json`];
  return `\nExamples:\n${shown.map((line) => `  ${line}`).join('\n')}`;
}
