import { Tag } from '../../openapi/tag-names';

export const tags = [Tag.dispatch];

// The queue and the claims move with every claim and every status change: nothing here may be cached.
export const noStore = { 'Cache-Control': 'no-store' };
