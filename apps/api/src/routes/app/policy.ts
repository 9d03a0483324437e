/** Where the dashboard lives on Loop's own origin (the Vite build's `base`). */
export const dashboardPath = '/app/';

/**
 * The dashboard's Content-Security-Policy: every script, style, image, font and request from this
 * origin, no inline script or style, no plugins, not framable. The page holds an API key in storage,
 * so an injected script is the one thing it must never run. The web build keeps to it: Vite emits
 * only external module scripts and stylesheets (the module-preload polyfill, which it would inline, is off).
 * `data:` images are allowed for the small icons CSS may embed; they cannot run code.
 */
export const dashboardCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Vite names every file under assets/ by its content hash: a URL there never changes its bytes. */
export const hashedAssetsCacheControl = 'public, max-age=31536000, immutable';
/** index.html (and anything not hashed) is revalidated on every load, so a new build shows at once. */
export const pageCacheControl = 'no-cache';

/**
 * The headers every dashboard response carries, on Loop's server and on Vercel's CDN alike (where the
 * app's secureHeaders middleware never runs, so the two it sets that matter here are repeated).
 * Framing is refused by `frame-ancestors 'none'`.
 */
export const dashboardHeaders = {
  'Content-Security-Policy': dashboardCsp,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const;

export function dashboardCacheControl(relativePath: string): string {
  return relativePath.startsWith('assets/') ? hashedAssetsCacheControl : pageCacheControl;
}
