// Which packages the API's bundles (dist/server.js, the Vercel function) carry inside them (ADR 0038,
// ADR 0044).
//
// Node's ES module loader pays for every file it resolves, reads, compiles and links: zod alone is 116
// files, drizzle-orm about as many, hono 42, and a cold start loaded ~360. These pure-JavaScript
// packages, imported by every start, are bundled in, and read as a few large files. Every other package
// stays external and is loaded from node_modules as it is: the database drivers (loaded lazily, some
// with native or WebAssembly parts), the MCP SDK and Handlebars (loaded lazily), Scalar (serves its own
// files).
//
// One instance each: nothing external imports a package listed here on the paths that share objects
// with ours (the MCP SDK brings its own zod for its own protocol schemas; Scalar's middleware, loaded
// by the first /docs, imports its own hono for a helper we do not call, and is handed our Context).
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export const inlinedPackages = [
  'zod',
  'drizzle-orm',
  '@hono/zod-openapi',
  '@asteasolutions/zod-to-openapi',
  '@paralleldrive/cuid2',
  '@octokit/webhooks-methods',
  'hono',
];

/** esbuild's `external` for an app whose dependencies are `dependencies`: all of them but the inlined. */
export function externalPackages(dependencies) {
  return Object.keys(dependencies)
    .filter((name) => !inlinedPackages.includes(name))
    .flatMap((name) => [name, `${name}/*`]);
}

/**
 * An esbuild plugin: zod's `locales` namespace (`z.locales`, `core.locales`) with English only. zod
 * re-exports its ~40 locales through a namespace, which a bundler cannot shake out of an inlined zod:
 * ~360 KB, over a third of what a cold start compiles, and no code of ours picks a locale. English,
 * zod's default (registered by its own import of `locales/en.js`), stays.
 */
export const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, ({ importer, resolveDir }) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(importer) ? { path: join(resolveDir, '..', 'locales', 'index.js'), namespace: 'zod-english-only' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, ({ path }) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(path),
      loader: 'js',
    }));
  },
};

/**
 * A bundle's text with every non-ASCII character written as an escape. esbuild already escapes them in
 * strings, regular expressions and names (its default `charset: 'ascii'`) but keeps the comments as
 * they are, and one em dash in a comment of a package is enough for V8 to hold the whole ~700 KB
 * chunk as a two-byte string: slower to decode, to scan and to compile at every cold start
 * (ADR 0044). In a comment the escape is only text.
 */
export function asciiOnly(text) {
  // eslint-disable-next-line no-control-regex -- the range is all of ASCII, \x00 included
  return text.replace(/[^\x00-\x7f]/gu, (char) => `\\u{${char.codePointAt(0).toString(16)}}`);
}

/**
 * What a split build's entry loads at once, and its other entry points (the modules it imports with
 * `import()`), from a first build's metafile: absolute paths of input modules, the entry's own
 * excluded. `cwd` is the build's working directory (the metafile's paths are relative to it).
 */
export function staticAndLazyModules(metafile, entryPath, cwd) {
  const absolute = (path) => (isAbsolute(path) ? path : resolve(cwd, path));
  const outputs = Object.entries(metafile.outputs);
  const [entryOutput] = outputs.find(([, output]) => output.entryPoint && absolute(output.entryPoint) === entryPath) ?? [];
  if (!entryOutput) throw new Error(`No output for ${entryPath}`);
  const loaded = new Set();
  const visit = (output) => {
    if (loaded.has(output)) return;
    loaded.add(output);
    for (const { path, kind, external } of metafile.outputs[output].imports) if (!external && kind === 'import-statement') visit(path);
  };
  visit(entryOutput);
  // Inputs a plugin made up (`namespace:path`, e.g. zod's English-only locales) have no file to import.
  const files = (output) => Object.keys(metafile.outputs[output].inputs).filter((path) => !/^[a-z-]+:/.test(path));
  const atStart = new Set([...loaded].flatMap((output) => files(output).map(absolute)));
  atStart.delete(entryPath);
  const lazy = new Set(outputs.map(([, output]) => output.entryPoint && absolute(output.entryPoint)).filter((path) => path && path !== entryPath && !atStart.has(path)));
  return { atStart, lazy };
}

/**
 * An esbuild plugin for a split build: every module the entry imports with `import()` also imports,
 * for the bundler only, each module the entry loads at once (`staticAndLazyModules`). At run time
 * these are loaded and evaluated already when an `import()` runs, so the imports change nothing;
 * to the bundler they make every such module shared by all entry points alike, so they land in one
 * chunk instead of one chunk per set of entry points that shares them. Node pays for each file it
 * loads (~1 ms each, ADR 0046); without this the function loaded a dozen chunks of a few hundred bytes.
 */
export function loadedWithTheEntry({ atStart, lazy }) {
  // Our own TypeScript modules reach every package module and JSON file the entry loads; those may be
  // free of side effects (JSON, packages marked so), and esbuild ignores a bare import of them, warning.
  const imports = [...atStart]
    .filter((path) => path.endsWith('.ts') && !/[\\/]node_modules[\\/]/.test(path))
    .map((path) => `import ${JSON.stringify(path)};`)
    .join('\n');
  return {
    name: 'loaded-with-the-entry',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
        if (!lazy.has(path)) return undefined;
        return { contents: `${await readFile(path, 'utf8')}\n${imports}\n`, loader: 'ts' };
      });
    },
  };
}

/**
 * An esbuild plugin: cuid2 3.0.0 makes its default generator (`createId`) when its module is
 * evaluated, hashing a fingerprint of the process with SHA-3 at every start. We never call it: ids
 * come from our own generator, made by the first id (`db/ids.ts`, ADR 0044). Marked pure, the unused
 * call is dropped from the bundles (ADR 0046).
 */
export const cuid2WithoutDefaultGenerator = {
  name: 'cuid2-without-default-generator',
  setup(build) {
    build.onLoad({ filter: /[\\/]@paralleldrive[\\/]cuid2[\\/]src[\\/]index\.js$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      const eager = 'const createId = init();';
      if (!text.includes(eager)) throw new Error(`cuid2 changed: no "${eager}" in ${path}; see ADR 0046`);
      return { contents: text.replace(eager, 'const createId = /* @__PURE__ */ init();'), loader: 'js' };
    });
  },
};
