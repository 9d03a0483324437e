import Handlebars from 'handlebars';
import { LoopError } from '../errors';
import { helperNames, helpers } from './helpers';
import { partialNames, partials } from './partials';
import { sampleVariables } from './sample';

/** The variables every template sees. */
export interface PromptVariables {
  issue: unknown;
  parent: unknown;
  siblings: unknown[];
  children: unknown[];
  project: unknown;
  goal: unknown;
  labels: unknown[];
  blocking: unknown[];
  blockedBy: unknown[];
  previousSessions: unknown[];
  loopUrl: string;
  meta: Record<string, unknown>;
}

// An isolated instance: helpers and partials registered here never leak into (or from) the global one.
const handlebars = Handlebars.create();
for (const [name, helper] of Object.entries(helpers)) handlebars.registerHelper(name, helper);
for (const [name, source] of Object.entries(partials)) handlebars.registerPartial(name, source);

// Prompts are markdown, not HTML: `<b>&` must reach the agent as written.
const compileOptions = { noEscape: true } as const;

const builtinHelpers = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log', 'helperMissing', 'blockHelperMissing']);
const knownHelpers = new Set([...builtinHelpers, ...helperNames]);
const knownPartials = new Set<string>(partialNames);

interface Position {
  line: number;
  column: number;
}
interface AstNode {
  type: string;
  loc?: { start: Position } | null;
  [key: string]: unknown;
}

const isNode = (value: unknown): value is AstNode =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

function* walk(value: unknown): Generator<AstNode> {
  if (Array.isArray(value)) {
    for (const item of value) yield* walk(item);
    return;
  }
  if (!isNode(value)) return;
  yield value;
  for (const [key, child] of Object.entries(value)) {
    if (key !== 'loc' && typeof child === 'object' && child !== null) yield* walk(child);
  }
}

const where = (node: AstNode) => (node.loc ? ` (line ${node.loc.start.line}, column ${node.loc.start.column + 1})` : '');

interface PathNode extends AstNode {
  original: string;
  parts: string[];
  data: boolean;
  depth: number;
}
const isSimplePath = (node: unknown): node is PathNode =>
  isNode(node) && node.type === 'PathExpression' && !(node as PathNode).data && (node as PathNode).parts.length === 1 && (node as PathNode).depth === 0;

/**
 * Unknown partials and helpers only fail when a template runs; finding them in the syntax tree turns
 * them into a 422 on write, with the line, instead of a broken prompt at claim time.
 */
function findUnknownReferences(program: unknown): string | undefined {
  const nodes = [...walk(program)];
  const inlinePartials = new Set(
    nodes
      .filter((node) => node.type === 'DecoratorBlock' && isSimplePath(node.path) && node.path.original === 'inline')
      .map((node) => (node.params as { value?: unknown }[])[0]?.value)
      .filter((name): name is string => typeof name === 'string'),
  );
  for (const node of nodes) {
    if (node.type === 'PartialStatement' && isSimplePath(node.name)) {
      const name = node.name.original;
      if (!knownPartials.has(name) && !inlinePartials.has(name)) {
        return `The partial "${name}" does not exist${where(node)}; available partials: ${partialNames.join(', ')}`;
      }
    }
    const callsHelper =
      node.type === 'SubExpression' ||
      ((node.type === 'MustacheStatement' || node.type === 'BlockStatement') &&
        ((node.params as unknown[]).length > 0 || !!node.hash));
    if (callsHelper && isSimplePath(node.path) && !knownHelpers.has(node.path.original)) {
      return `Unknown helper "${node.path.original}"${where(node)}; available helpers: ${helperNames.join(', ')}`;
    }
  }
  return undefined;
}

/** The compiler's message, with the line when the compiler reports it separately. */
function compilerMessage(error: unknown): string {
  if (!(error instanceof Error)) return 'The template does not compile';
  const { lineNumber } = error as Error & { lineNumber?: number };
  const message = error.message.trim();
  if (typeof lineNumber === 'number' && !/\bline\b/.test(message)) return `${message} (line ${lineNumber})`;
  return message;
}

const contentError = (message: string) =>
  new LoopError('validation_failed', `content: ${message}`, [{ field: 'content', message }]);

/**
 * Rejects template source that would not produce a prompt: syntax errors, unknown partials or
 * helpers, and anything that throws when rendered against a realistic sample issue.
 */
export function assertTemplateCompiles(content: string): void {
  let program: unknown;
  try {
    program = handlebars.parse(content);
  } catch (error) {
    throw contentError(compilerMessage(error));
  }
  const unknown = findUnknownReferences(program);
  if (unknown) throw contentError(unknown);
  try {
    handlebars.compile(content, compileOptions)(sampleVariables);
  } catch (error) {
    throw contentError(compilerMessage(error));
  }
}

type Compiled = (variables: PromptVariables) => string;

/** Version content never changes (every edit is a new version), so a version id is a safe cache key. */
const cache = new Map<string, Compiled>();
const cacheLimit = 500;

function compiled(key: string, content: string): Compiled {
  const hit = cache.get(key);
  if (hit) return hit;
  const template = handlebars.compile<PromptVariables>(content, compileOptions);
  if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value!);
  cache.set(key, template);
  return template;
}

/** Renders template source; `cacheKey` (a version id) lets repeated claims skip compilation. */
export function renderTemplate(content: string, variables: PromptVariables, cacheKey?: string): string {
  const template = cacheKey ? compiled(cacheKey, content) : handlebars.compile<PromptVariables>(content, compileOptions);
  return template(variables);
}
