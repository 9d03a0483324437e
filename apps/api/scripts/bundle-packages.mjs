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
import { dirname, join } from 'node:path';

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
