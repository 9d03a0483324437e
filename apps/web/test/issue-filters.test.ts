import { describe, expect, it } from 'vitest';
import { issueFiltersToParams, issueListQuery, parseIssueFilters, withFilter } from '../src/lib/issue-filters';

const parse = (search: string) => parseIssueFilters(new URLSearchParams(search));

describe('issue filters in the URL', () => {
  it('round-trips every filter, the sort and the page through the query string', () => {
    const search = 'status=todo,in_progress&type=task&priority=1,2&project=p1&label=l1&q=checkout+err&sort=-priority&page=3';
    const filters = parse(search);
    expect(filters).toEqual({
      status: ['todo', 'in_progress'],
      type: ['task'],
      priority: [1, 2],
      project: 'p1',
      label: 'l1',
      q: 'checkout err',
      sort: '-priority',
      page: 3,
    });
    expect(parse(issueFiltersToParams(filters).toString())).toEqual(filters);
  });

  it('leaves defaults out of the URL', () => {
    expect(issueFiltersToParams(parse('')).toString()).toBe('');
    expect(issueFiltersToParams(parse('sort=-createdAt&page=1')).toString()).toBe('');
  });

  it('drops what the API would refuse: unknown statuses, sorts, priorities and pages', () => {
    const filters = parse('status=todo,bogus&priority=9,2&sort=title&page=-4&q=%20%20');
    expect(filters.status).toEqual(['todo']);
    expect(filters.priority).toEqual([2]);
    expect(filters.sort).toBe('-createdAt');
    expect(filters.page).toBe(1);
    expect(filters.q).toBeNull();
  });

  it('goes back to page 1 when a filter changes', () => {
    const changed = withFilter(parse('page=4&status=todo'), { q: 'crash' });
    expect(changed.page).toBe(1);
    expect(changed.status).toEqual(['todo']);
  });

  it('turns page and filters into the server-side list query', () => {
    expect(issueListQuery(parse('status=triage&project=p1&label=l1&q=x&page=3'))).toEqual({
      limit: 50,
      offset: 100,
      sort: '-createdAt',
      status: 'triage',
      projectId: 'p1',
      labelId: 'l1',
      q: 'x',
    });
  });
});
