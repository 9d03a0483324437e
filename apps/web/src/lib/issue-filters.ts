import { ISSUE_STATUSES, ISSUE_TYPES, type IssueStatus, type IssueType } from './api-types';

export const ISSUE_SORTS = ['-createdAt', 'createdAt', '-updatedAt', 'updatedAt', 'priority', '-priority', 'number', '-number'] as const;
export type IssueSort = (typeof ISSUE_SORTS)[number];
export const DEFAULT_SORT: IssueSort = '-createdAt';
export const PAGE_SIZE = 50;

/** The Issues view's state, all of it in the URL so a view can be shared or reloaded. */
export interface IssueFilters {
  status: IssueStatus[];
  type: IssueType[];
  priority: number[];
  project: string | null;
  label: string | null;
  q: string | null;
  sort: IssueSort;
  /** 1-based. */
  page: number;
}

function listOf<T extends string | number>(raw: string | null, allowed: readonly T[], parse: (part: string) => T): T[] {
  if (!raw) return [];
  const wanted = raw.split(',').map((part) => parse(part.trim()));
  return allowed.filter((value) => wanted.includes(value));
}

const text = (raw: string | null) => (raw && raw.trim() ? raw.trim() : null);

/** Reads the URL leniently: an unknown status, sort or page is dropped, not an error page. */
export function parseIssueFilters(params: URLSearchParams): IssueFilters {
  const sort = params.get('sort');
  const page = Number(params.get('page'));
  return {
    status: listOf(params.get('status'), ISSUE_STATUSES, (part) => part as IssueStatus),
    type: listOf(params.get('type'), ISSUE_TYPES, (part) => part as IssueType),
    priority: listOf(params.get('priority'), [0, 1, 2, 3, 4], Number),
    project: text(params.get('project')),
    label: text(params.get('label')),
    q: text(params.get('q')),
    sort: ISSUE_SORTS.includes(sort as IssueSort) ? (sort as IssueSort) : DEFAULT_SORT,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** The canonical URL form: defaults and empty filters are left out. */
export function issueFiltersToParams(filters: IssueFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status.length) params.set('status', filters.status.join(','));
  if (filters.type.length) params.set('type', filters.type.join(','));
  if (filters.priority.length) params.set('priority', filters.priority.join(','));
  if (filters.project) params.set('project', filters.project);
  if (filters.label) params.set('label', filters.label);
  if (filters.q) params.set('q', filters.q);
  if (filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

/** A change of any filter goes back to the first page; only a page change keeps the rest. */
export function withFilter(filters: IssueFilters, change: Partial<Omit<IssueFilters, 'page'>>): IssueFilters {
  return { ...filters, ...change, page: 1 };
}

/** The `GET /api/v1/issues` query for these filters (server-side filtering, sorting and paging). */
export function issueListQuery(filters: IssueFilters) {
  return {
    limit: PAGE_SIZE,
    offset: (filters.page - 1) * PAGE_SIZE,
    sort: filters.sort,
    ...(filters.status.length ? { status: filters.status.join(',') } : {}),
    ...(filters.type.length ? { type: filters.type.join(',') } : {}),
    ...(filters.priority.length ? { priority: filters.priority.join(',') } : {}),
    ...(filters.project ? { projectId: filters.project } : {}),
    ...(filters.label ? { labelId: filters.label } : {}),
    ...(filters.q ? { q: filters.q } : {}),
  };
}
