import { expect } from 'vitest';
import type { ApiClient } from './app';

/**
 * Follows `nextCursor` from the first page of `path` to the last, calling `between` after each page
 * (to insert rows while the client is paging). Returns every item seen, in order, and each page's
 * envelope. Fails loudly when a page is refused or the walk does not end.
 */
export async function followCursor<T>(
  api: ApiClient,
  path: string,
  limit: number,
  between: (pageIndex: number) => Promise<void> = async () => {},
) {
  const separator = path.includes('?') ? '&' : '?';
  const items: T[] = [];
  const pages: { total: number; offset: number; nextCursor: string | null; size: number }[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const response = await api.get(`${path}${separator}limit=${limit}${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    items.push(...(response.body.data as T[]));
    cursor = response.body.nextCursor as string | null;
    pages.push({ total: response.body.total, offset: response.body.offset, nextCursor: cursor, size: response.body.data.length });
    expect(pages.length, 'the cursor walk should end').toBeLessThan(1000);
    if (cursor !== null) await between(pages.length - 1);
  } while (cursor !== null);
  return { items, pages };
}

/** A 422 naming `cursor`, as every list answers a cursor it cannot use. */
export async function expectCursorRefused(api: ApiClient, path: string) {
  const response = await api.get(path);
  expect(response.status, JSON.stringify(response.body)).toBe(422);
  expect(response.body.code).toBe('validation_failed');
  expect(response.body.details).toEqual([expect.objectContaining({ field: 'cursor' })]);
  return response;
}

/** A syntactically fine cursor that this API never issued. */
export const foreignCursor = Buffer.from(JSON.stringify(['somewhere-else', 1, 'x'])).toString('base64url');
