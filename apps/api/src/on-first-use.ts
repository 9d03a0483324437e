/**
 * A module imported when first needed, then kept (ADR 0038 loads Handlebars, the MCP SDK and the
 * drivers this way). Each `import()` call is a trip through the module loader — through its hooks
 * thread when a loader such as tsx is registered — so a hot path asks once and keeps the promise.
 * A failed import is not kept: the next call tries again.
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
