import type { signals } from '../../db/schema';
import { iso } from '../time';
import type { Signal } from './schemas';

export type SignalRow = typeof signals.$inferSelect;

export const presentSignal = (row: SignalRow): Signal => ({
  id: row.id,
  source: row.source,
  sourceId: row.sourceId,
  deliveryId: row.deliveryId,
  type: row.type,
  severity: row.severity,
  payload: row.payload,
  issueId: row.issueId,
  createdAt: iso(row.createdAt),
});
