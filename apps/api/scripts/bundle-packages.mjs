// Which packages the API's bundles (dist/server.js, the Vercel function) carry inside them (ADR 0038).
//
// Node's ES module loader pays for every file it resolves, reads, compiles and links: zod alone is 116
// files, drizzle-orm about as many, and a cold start loaded ~360. These pure-JavaScript packages,
// imported by every start, are bundled in, and read as a few large files. Every other package stays
// external and is loaded from node_modules as it is: hono (Vercel's preset wants the entry to import it),
// the database drivers (loaded lazily, some with native or WebAssembly parts), the MCP SDK and
// Handlebars (loaded lazily), Scalar (serves its own files).
//
// One instance each: nothing external imports a package listed here on the paths that share objects
// with ours (the MCP SDK brings its own zod for its own protocol schemas).
export const inlinedPackages = [
  'zod',
  'drizzle-orm',
  '@hono/zod-openapi',
  '@asteasolutions/zod-to-openapi',
  '@paralleldrive/cuid2',
  '@octokit/webhooks-methods',
];

/** esbuild's `external` for an app whose dependencies are `dependencies`: all of them but the inlined. */
export function externalPackages(dependencies) {
  return Object.keys(dependencies)
    .filter((name) => !inlinedPackages.includes(name))
    .flatMap((name) => [name, `${name}/*`]);
}
