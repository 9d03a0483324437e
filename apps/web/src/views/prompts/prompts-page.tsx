import { unwrap } from '@loop/client';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useClient } from '../../auth/auth-context';
import { PageTitle } from '../../components/page-title';
import { QueryView } from '../../components/states';

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)} %`);
const score = (value: number | null) => (value === null ? '—' : value.toFixed(2));

export default function PromptsPage() {
  const client = useClient();
  const health = useQuery({
    queryKey: ['dashboard', 'prompts'],
    queryFn: () => unwrap(client.GET('/api/v1/dashboard/prompts', { params: { query: { limit: 100 } } })),
  });
  return (
    <>
      <PageTitle title="Prompts">Prompts</PageTitle>
      <QueryView query={health} isEmpty={({ data }) => data.length === 0} empty="No templates yet.">
        {({ data }) => (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm" data-testid="templates-table">
              <caption className="sr-only">Prompt templates and how their active versions do</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">Template</th>
                  <th scope="col" className="px-3 py-2">Active version</th>
                  <th scope="col" className="px-3 py-2">Usage</th>
                  <th scope="col" className="px-3 py-2">Completion</th>
                  <th scope="col" className="px-3 py-2">Reviews (avg)</th>
                  <th scope="col" className="px-3 py-2">Attention</th>
                </tr>
              </thead>
              <tbody>
                {data.map((row) => (
                  <tr key={row.template.id} className="border-b border-slate-100 last:border-0" data-testid="template-row">
                    <td className="px-3 py-2">
                      <Link to={`/prompts/${row.template.slug}`} className="font-medium text-blue-800 hover:underline">
                        {row.template.name}
                      </Link>
                      <div className="text-xs text-slate-600">{row.template.slug}</div>
                    </td>
                    <td className="px-3 py-2">{row.activeVersion ? `v${row.activeVersion.version}` : 'none'}</td>
                    <td className="px-3 py-2 tabular-nums">{row.usageCount}</td>
                    <td className="px-3 py-2 tabular-nums">{percent(row.completionRate)}</td>
                    <td className="px-3 py-2 tabular-nums">
                      {score(row.reviews.overall)} <span className="text-slate-600">({row.reviews.count})</span>
                    </td>
                    <td className="px-3 py-2">{row.needsAttention ? <span className="font-medium text-red-800">Needs attention</span> : 'OK'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </>
  );
}
