import { styleText } from 'node:util';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal: colour is only ever used there. */
  isTTY: boolean;
  now: () => Date;
  /** Everything piped to stdin (`echo $KEY | loop login --with-token`). */
  readStdin: () => Promise<string>;
  /** Asks on the terminal without echoing the answer; undefined when stdin is not a terminal. */
  promptSecret: ((question: string) => Promise<string>) | undefined;
}

type Style = Parameters<typeof styleText>[0];

/** Colour only on a TTY, never with NO_COLOR set (https://no-color.org) or --no-color. */
export function painter(io: Io, enabled: boolean) {
  const on = enabled && io.isTTY && !io.env.NO_COLOR;
  // The decision is ours (the injected io knows the terminal); styleText must not second-guess it.
  return (style: Style, text: string) => (on ? styleText(style, text, { validateStream: false }) : text);
}
export type Paint = ReturnType<typeof painter>;

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;]*m/g;
const visibleLength = (text: string) => text.replace(ansi, '').length;

/** Left-aligned columns separated by two spaces; the header is dimmed. */
export function table(headers: string[], rows: string[][], paint: Paint): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => visibleLength(row[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visibleLength(cell))))
      .join('  ')
      .trimEnd();
  return [paint('dim', line(headers)), ...rows.map(line)].join('\n');
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 hours ago", "in 25 minutes". */
export function relativeTime(iso: string | null | undefined, now: Date): string {
  if (!iso) return '—';
  const seconds = Math.round((new Date(iso).getTime() - now.getTime()) / 1000);
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'second') return relative.format(Math.trunc(seconds / size), unit);
  }
  return iso;
}

export const priorityNames = ['none', 'urgent', 'high', 'medium', 'low'] as const;
export const priorityName = (priority: number) => priorityNames[priority] ?? String(priority);

export function statusStyle(status: string): Style {
  switch (status) {
    case 'done':
      return 'green';
    case 'in_progress':
      return 'yellow';
    case 'canceled':
      return 'gray';
    case 'triage':
      return 'magenta';
    default:
      return 'cyan';
  }
}

/**
 * A progress bar for goals: `████████░░░░ 67%`, drawn from the API's `percent`, which already follows
 * the goal's direction (a "decrease" goal above its target is not done), so the rule lives in one place.
 */
export function progressBar(percent: number | null, width = 20): string {
  if (percent === null) return `${'░'.repeat(width)}   —`;
  const ratio = Math.max(0, Math.min(1, percent / 100));
  const filled = Math.round(ratio * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${String(Math.floor(percent)).padStart(3)}%`;
}
