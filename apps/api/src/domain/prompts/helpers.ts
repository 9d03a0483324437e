/**
 * Template helpers. Each one tolerates missing or odd input (rendering a prompt must not fail on
 * data), and returns plain strings: escaping is off because prompts are markdown, not HTML.
 */

const priorityNames = ['none', 'urgent', 'high', 'medium', 'low'] as const;
const statusNames: Record<string, string> = {
  triage: 'Triage',
  backlog: 'Backlog',
  todo: 'Todo',
  in_progress: 'In progress',
  done: 'Done',
  canceled: 'Canceled',
};

/** Handlebars passes its options object as the last argument; these helpers ignore it. */
const isOptions = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && 'hash' in value && 'data' in value;

const argsOf = (args: unknown[]) => (args.length > 0 && isOptions(args[args.length - 1]) ? args.slice(0, -1) : args);

export const helpers = {
  /** `{{json value}}` pretty-prints as JSON; `{{json value 0}}` on one line. */
  json(...raw: unknown[]) {
    const [value, indent] = argsOf(raw);
    const spaces = typeof indent === 'number' ? indent : 2;
    return JSON.stringify(value ?? null, null, spaces) ?? 'null';
  },
  /** `{{priorityLabel 2}}` → `high`. */
  priorityLabel(...raw: unknown[]) {
    const [value] = argsOf(raw);
    if (typeof value === 'number' && priorityNames[value]) return priorityNames[value];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  },
  /** `{{statusLabel "in_progress"}}` → `In progress`. */
  statusLabel(...raw: unknown[]) {
    const [value] = argsOf(raw);
    return typeof value === 'string' ? (statusNames[value] ?? value) : '';
  },
  /** `{{issueLine issue}}` → `#42 [task · todo · high] Fix the login form`. */
  issueLine(...raw: unknown[]) {
    const [issue] = argsOf(raw);
    if (!issue || typeof issue !== 'object') return '';
    const { number, type, status, priority, title } = issue as Record<string, unknown>;
    const priorityName = typeof priority === 'number' ? priorityNames[priority] : undefined;
    const facets = [type, typeof status === 'string' ? statusNames[status] ?? status : undefined, priorityName]
      .filter((facet) => typeof facet === 'string' && facet !== '')
      .join(' · ');
    return `#${String(number)} [${facets}] ${typeof title === 'string' ? title : ''}`;
  },
  /** `{{date issue.createdAt}}` → `2026-11-22 12:00 UTC`. */
  date(...raw: unknown[]) {
    const [value] = argsOf(raw);
    if (typeof value !== 'string' && !(value instanceof Date)) return '';
    const parsed = new Date(value);
    if (Number.isNaN(parsed.getTime())) return String(value);
    return `${parsed.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  },
  /** `{{percent 0.834}}` → `83%`. */
  percent(...raw: unknown[]) {
    const [value] = argsOf(raw);
    return typeof value === 'number' && Number.isFinite(value) ? `${Math.round(value * 100)}%` : '';
  },
  /** `{{join (pluck labels "name") ", "}}`. */
  join(...raw: unknown[]) {
    const [list, separator] = argsOf(raw);
    if (!Array.isArray(list)) return '';
    return list.map((item) => String(item)).join(typeof separator === 'string' ? separator : ', ');
  },
  /** `{{pluck labels "name"}}` → the `name` of each item. */
  pluck(...raw: unknown[]) {
    const [list, key] = argsOf(raw);
    if (!Array.isArray(list) || typeof key !== 'string') return [];
    return list.map((item: unknown) => (item && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined));
  },
  /** `{{default issue.description "(none)"}}`. */
  default(...raw: unknown[]) {
    const [value, fallback] = argsOf(raw);
    return value === undefined || value === null || value === '' ? fallback : value;
  },
  /** `{{truncate text 200}}`, with an ellipsis when cut. */
  truncate(...raw: unknown[]) {
    const [text, length] = argsOf(raw);
    if (typeof text !== 'string') return '';
    const max = typeof length === 'number' && length > 0 ? length : 200;
    return text.length > max ? `${text.slice(0, max)}…` : text;
  },
  // Comparison and logic for `{{#if (eq issue.type "task")}}`.
  eq: (...raw: unknown[]) => {
    const [a, b] = argsOf(raw);
    return a === b;
  },
  ne: (...raw: unknown[]) => {
    const [a, b] = argsOf(raw);
    return a !== b;
  },
  gt: (...raw: unknown[]) => {
    const [a, b] = argsOf(raw);
    return typeof a === 'number' && typeof b === 'number' && a > b;
  },
  lt: (...raw: unknown[]) => {
    const [a, b] = argsOf(raw);
    return typeof a === 'number' && typeof b === 'number' && a < b;
  },
  and: (...raw: unknown[]) => argsOf(raw).every(Boolean),
  or: (...raw: unknown[]) => argsOf(raw).some(Boolean),
  not: (...raw: unknown[]) => !argsOf(raw)[0],
} satisfies Record<string, (...args: unknown[]) => unknown>;

export const helperNames = Object.keys(helpers);
