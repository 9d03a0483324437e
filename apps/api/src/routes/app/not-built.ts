/**
 * What /app/ answers when the dashboard has not been built: a plain page (no script, no style, so
 * the CSP holds) that says how to build it, rather than a crash or an empty 404.
 */
export const notBuiltPage = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Loop — dashboard not built</title></head>
  <body>
    <h1>The dashboard has not been built yet</h1>
    <p>Loop serves the web dashboard from <code>apps/web/dist</code>, which does not exist or has no <code>index.html</code>.</p>
    <p><code>npm start</code> builds it before listening; to build it by hand run <code>npm run build -w @loop/web</code>,
      or point <code>LOOP_DASHBOARD_DIR</code> at a build. The API itself is up: see <a href="/docs">/docs</a>.</p>
  </body>
</html>
`;
