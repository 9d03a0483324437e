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
