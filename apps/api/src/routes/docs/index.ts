import type { Scalar } from '@scalar/hono-api-reference';
import { Hono, type MiddlewareHandler } from 'hono';
import { LoopError } from '../../domain/errors';
import { openApiDocumentPath } from '../../openapi/document';
import { assetCacheControl, docsAssetsPrefix, readAsset, scalarEntry } from './assets';

/**
 * The interactive API reference (Scalar), rendered in the browser from the OpenAPI document.
 * Everything it loads comes from this app: the script bundle from the installed package (Scalar's
 * default is a CDN), no web fonts, no telemetry. A reference that phones home would leak which API a
 * team runs and break on an air-gapped network.
 */
const scalarOptions: Parameters<typeof Scalar>[0] = {
  url: openApiDocumentPath,
  pageTitle: 'Loop API reference',
  bundle: `${docsAssetsPrefix}${scalarEntry}`,
  withDefaultFonts: false,
  telemetry: false,
  showDeveloperTools: 'never',
  mcp: { disabled: true },
  agent: { disabled: true },
  documentDownloadType: 'json',
  defaultOpenAllTags: false,
};

// Built on the first request of /docs: a serverless instance that never shows the page never loads it (ADR 0035).
let referencePage: MiddlewareHandler | undefined;
async function loadReferencePage(): Promise<MiddlewareHandler> {
  const scalar = await import('@scalar/hono-api-reference');
  return (referencePage ??= scalar.Scalar(scalarOptions));
}

/** Not in the OpenAPI document: an HTML page and its scripts, not part of the API. */
export const docsRoutes = new Hono()
  // Browsers ask for it on every page they show, the reference included: an empty answer, cached,
  // rather than a 404 in every console.
  .get('/favicon.ico', (c) => c.body(null, 204, { 'Cache-Control': 'public, max-age=86400' }))
  .get('/docs', async (c, next) => {
    c.header('Cache-Control', 'no-cache');
    return (referencePage ?? (await loadReferencePage()))(c, next);
  })
  .get(`${docsAssetsPrefix}*`, async (c) => {
    const name = c.req.path.slice(docsAssetsPrefix.length);
    const bytes = await readAsset(name);
    if (!bytes) throw new LoopError('not_found', `No asset ${JSON.stringify(name)}`);
    return c.body(bytes, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': assetCacheControl(name),
    });
  });
