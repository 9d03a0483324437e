import { unwrap } from '@loop/client';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useClient } from '../../auth/auth-context';
import { GoalRow } from '../../components/goal-row';
import { IssueLink } from '../../components/issue-link';
import { PageTitle } from '../../components/page-title';
import { QueryView } from '../../components/states';
import { LIVE_REFETCH_MS } from '../../lib/polling';
import { ActivityList } from './activity-list';
import { DailyChart } from './daily-chart';

function Card({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section aria-label={title} data-testid={testId} className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="mb-3 text-base font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function Stat({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="text-3xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export default function OverviewPage() {
  const client = useClient();
  const live = { refetchInterval: LIVE_REFETCH_MS, refetchOnWindowFocus: true } as const;
  const stats = useQuery({ queryKey: ['dashboard', 'stats'], queryFn: () => unwrap(client.GET('/api/v1/dashboard/stats')), ...live });
  const activity = useQuery({
    queryKey: ['dashboard', 'activity'],
    queryFn: () => unwrap(client.GET('/api/v1/dashboard/activity', { params: { query: { limit: 12 } } })),
    ...live,
  });
  const prompts = useQuery({
    queryKey: ['dashboard', 'prompts'],
    queryFn: () => unwrap(client.GET('/api/v1/dashboard/prompts', { params: { query: { limit: 100 } } })),
    ...live,
  });

  return (
    <>
      <PageTitle title="Overview">Overview</PageTitle>
      <div className="space-y-4">
        <QueryView query={stats} loadingLabel="Loading the numbers…">
          {({ data }) => {
            const today = data.lastSevenDays.daily.at(-1);
            return (
              <>
                <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
                  <Stat label="Queue depth" value={data.queue.ready} testId="stat-queue" />
                  <Stat label="In progress" value={data.queue.inProgress} testId="stat-in-progress" />
                  <Stat label="Done today" value={today?.completions ?? 0} testId="stat-done-today" />
                  <Stat label="Done in 7 days" value={data.lastSevenDays.completions} testId="stat-done-week" />
                </dl>
                <div className="grid gap-4 md:grid-cols-2">
                  <Card title="Claims and completions, last 7 days">
                    <DailyChart days={data.lastSevenDays.daily} />
                    <p className="mt-2 text-sm text-slate-700">
                      {data.lastSevenDays.claims} claims, {data.lastSevenDays.completions} completions
                    </p>
                  </Card>
                  <Card title="Goals" testId="goals">
                    {data.goals.length === 0 ? (
                      <p className="text-sm text-slate-600">
                        No goals yet. <Link to="/projects" className="text-blue-800 underline">Projects and goals</Link>
                      </p>
                    ) : (
                      <div className="space-y-3">
                        {data.goals.map((goal) => (
                          <GoalRow key={goal.id} goal={goal} title={goal.title} subtitle={goal.project?.name} />
                        ))}
                      </div>
                    )}
                  </Card>
                </div>
              </>
            );
          }}
        </QueryView>
        <div className="grid gap-4 md:grid-cols-2">
          <Card title="Prompts needing attention" testId="attention">
            <QueryView
              query={prompts}
              isEmpty={({ data }) => !data.some((health) => health.needsAttention)}
              empty="Every active prompt reviews well."
            >
              {({ data }) => (
                <ul className="space-y-2 text-sm">
                  {data
                    .filter((health) => health.needsAttention)
                    .map((health) => (
                      <li key={health.template.id}>
                        <Link to={`/prompts/${health.template.slug}`} className="font-medium text-blue-800 underline">
                          {health.template.name}
                        </Link>{' '}
                        — review average {health.reviews.overall ?? '—'} over {health.reviews.count}
                        {health.improvementIssue && (
                          <>
                            {' '}
                            · <IssueLink issue={health.improvementIssue} />
                          </>
                        )}
                      </li>
                    ))}
                </ul>
              )}
            </QueryView>
          </Card>
          <Card title="Latest activity">
            <QueryView query={activity} isEmpty={({ data }) => data.length === 0} empty="Nothing has happened yet.">
              {({ data }) => <ActivityList events={data} />}
            </QueryView>
          </Card>
        </div>
      </div>
    </>
  );
}
