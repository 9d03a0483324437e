import { unwrap } from '@loop/client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useClient } from '../../auth/auth-context';
import { PriorityText, StatusBadge } from '../../components/badges';
import { PageTitle } from '../../components/page-title';
import { Pager } from '../../components/pager';
import { QueryView } from '../../components/states';
import { issueFiltersToParams, issueListQuery, PAGE_SIZE, parseIssueFilters, type IssueFilters, withFilter } from '../../lib/issue-filters';
import { useShortcuts } from '../../lib/keyboard';
import { timeAgo } from '../../lib/time';
import { IssueFilterBar } from './issue-filter-bar';

export default function IssuesPage() {
  const client = useClient();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = parseIssueFilters(params);
  const query = issueListQuery(filters);
  const issues = useQuery({
    queryKey: ['issues', 'list', query],
    queryFn: () => unwrap(client.GET('/api/v1/issues', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const [selected, setSelected] = useState(-1);
  const searchRef = useRef<HTMLInputElement>(null);
  const rowLinks = useRef<(HTMLAnchorElement | null)[]>([]);
  const rows = issues.data?.data ?? [];

  function go(next: IssueFilters) {
    setSelected(-1);
    setParams(issueFiltersToParams(next));
  }

  function move(by: number) {
    if (rows.length === 0) return;
    const next = Math.max(0, Math.min(rows.length - 1, selected + by));
    setSelected(next);
    rowLinks.current[next]?.focus();
  }

  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    Enter: () => {
      const issue = rows[selected];
      if (issue) void navigate(`/issues/${issue.number}`);
    },
    '/': () => searchRef.current?.focus(),
  });

  return (
    <>
      <PageTitle title="Issues">Issues</PageTitle>
      <IssueFilterBar filters={filters} onChange={(change) => go(withFilter(filters, change))} searchRef={searchRef} />
      <p className="mb-2 text-xs text-slate-600">Keys: j / k move, Enter opens, / searches.</p>
      <QueryView query={issues} isEmpty={({ data }) => data.length === 0} empty="No issue matches these filters.">
        {(page) => (
          <>
            <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
              <table className="w-full text-left text-sm" data-testid="issues-table">
                <caption className="sr-only">Issues, sorted {filters.sort}</caption>
                <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-700">
                  <tr>
                    <th scope="col" className="px-3 py-2">#</th>
                    <th scope="col" className="px-3 py-2">Title</th>
                    <th scope="col" className="px-3 py-2">Status</th>
                    <th scope="col" className="px-3 py-2">Priority</th>
                    <th scope="col" className="hidden px-3 py-2 sm:table-cell">Type</th>
                    <th scope="col" className="hidden px-3 py-2 md:table-cell">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((issue, index) => (
                    <tr
                      key={issue.id}
                      data-testid="issue-row"
                      aria-current={index === selected ? 'true' : undefined}
                      className={`border-b border-slate-100 last:border-0 ${index === selected ? 'bg-blue-50' : ''}`}
                    >
                      <td className="px-3 py-2 tabular-nums text-slate-600">{issue.number}</td>
                      <td className="px-3 py-2">
                        <Link
                          ref={(element) => {
                            rowLinks.current[index] = element;
                          }}
                          to={`/issues/${issue.number}`}
                          onFocus={() => setSelected(index)}
                          className="text-blue-800 hover:underline"
                        >
                          {issue.title}
                        </Link>
                      </td>
                      <td className="px-3 py-2">
                        <StatusBadge status={issue.status} />
                      </td>
                      <td className="px-3 py-2">
                        <PriorityText priority={issue.priority} />
                      </td>
                      <td className="hidden px-3 py-2 sm:table-cell">{issue.type}</td>
                      <td className="hidden whitespace-nowrap px-3 py-2 text-slate-600 md:table-cell">{timeAgo(issue.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager page={filters.page} pageSize={PAGE_SIZE} total={page.total} onPage={(next) => go({ ...filters, page: next })} />
          </>
        )}
      </QueryView>
    </>
  );
}
