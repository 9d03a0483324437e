import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { etag } from 'hono/etag';
import { LoopError } from '../../domain/errors';
import { appPathSegments, contentTypeOf, fileInside } from './files';
import { notBuiltPage } from './not-built';
import { dashboardCacheControl, dashboardHeaders, dashboardPath, pageCacheControl } from './policy';

/**
 * The web dashboard (apps/web) at /app/, from the build folder the entry hands to createApp: its
 * files by name, and index.html for every other path without a file extension, so a client-side
 * route such as /app/issues/42 can be opened directly. Public on purpose: the page holds no data,
 * the person signs in with a key inside it, and every API call it makes passes the bearer wall.
 * Not in the OpenAPI document: pages and scripts, not part of the API.
 */
export function dashboardRoutes(buildDir: string | undefined) {
  const routes = new Hono();
  routes.get('/app', (c) => c.redirect(dashboardPath, 301));
  routes.use('/app/*', compress(), etag(), async function dashboardSecurityHeaders(c, next) {
    await next();
    for (const [name, value] of Object.entries(dashboardHeaders)) c.res.headers.set(name, value);
  });
  routes.get('/app/*', async (c) => {
    const index = buildDir ? await fileInside(buildDir, ['index.html']) : undefined;
    if (!buildDir || !index) {
      return c.html(notBuiltPage, 503, { 'Cache-Control': 'no-store', 'Retry-After': '10' });
    }
    const segments = appPathSegments(c.req.path.slice(dashboardPath.length));
    if (!segments) throw new LoopError('not_found', 'No such file in the dashboard');

    const file = await fileInside(buildDir, segments);
    if (file) {
      const name = segments.join('/');
      return c.body(await readFile(file), 200, {
        'Content-Type': contentTypeOf(file),
        'Cache-Control': dashboardCacheControl(name),
      });
    }
    // A missing script or image is a 404, never the page in its place (which the browser would try to run).
    if (/\.[A-Za-z0-9]+$/.test(segments.at(-1) ?? '')) {
      throw new LoopError('not_found', `No file ${JSON.stringify(segments.join('/'))} in the dashboard`);
    }
    return c.body(await readFile(index), 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': pageCacheControl,
    });
  });
  return routes;
}
