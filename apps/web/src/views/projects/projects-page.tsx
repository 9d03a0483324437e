import { unwrap } from '@loop/client';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useClient } from '../../auth/auth-context';
import { Chip } from '../../components/badges';
import { GoalRow } from '../../components/goal-row';
import { PageTitle } from '../../components/page-title';
import { QueryView } from '../../components/states';
import { ISSUE_STATUSES, type Project, STATUS_LABEL } from '../../lib/api-types';
import type { GoalMeasure } from '../../lib/goals';
import { useProjects } from '../../lib/lookups';

function ProjectCard({ project, counts }: { project: Project; counts: Record<string, number> | undefined }) {
  const total = counts ? Object.values(counts).reduce((sum, count) => sum + count, 0) : null;
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4" data-testid="project">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-semibold">
          <Link to={`/issues?project=${encodeURIComponent(project.id)}`} className="text-blue-800 hover:underline">
            {project.name}
          </Link>
        </h3>
        <span className="flex gap-1">
          <Chip>{project.status}</Chip>
          <Chip>{project.health.replace('_', ' ')}</Chip>
        </span>
      </div>
      {project.description && <p className="mt-1 text-sm text-slate-700">{project.description}</p>}
      {counts ? (
        <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label={`${project.name} issue counts`}>
          <div className="flex gap-1">
            <dt className="text-slate-600">Issues</dt>
            <dd className="font-medium tabular-nums">{total}</dd>
          </div>
          {ISSUE_STATUSES.map((status) => (
            <div key={status} className="flex gap-1">
              <dt className="text-slate-600">{STATUS_LABEL[status]}</dt>
              <dd className="tabular-nums">{counts[status] ?? 0}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="mt-2 text-sm text-slate-600">Counting issues…</p>
      )}
    </li>
  );
}

export default function ProjectsPage() {
  const client = useClient();
  const projects = useProjects();
  const details = useQueries({
    queries: (projects.data?.data ?? []).map((project) => ({
      queryKey: ['projects', 'detail', project.id],
      queryFn: () => unwrap(client.GET('/api/v1/projects/{id}', { params: { path: { id: project.id } } })),
    })),
  });
  const goals = useQuery({
    queryKey: ['goals', 'all'],
    queryFn: () => unwrap(client.GET('/api/v1/goals', { params: { query: { limit: 200 } } })),
  });
  const projectName = new Map((projects.data?.data ?? []).map((project) => [project.id, project.name]));

  return (
    <>
      <PageTitle title="Projects and goals">Projects and goals</PageTitle>
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="projects-title">
          <h2 id="projects-title" className="mb-2 text-lg font-semibold">
            Projects
          </h2>
          <QueryView query={projects} isEmpty={({ data }) => data.length === 0} empty="No projects yet (create one with POST /api/v1/projects).">
            {({ data }) => (
              <ul className="space-y-3">
                {data.map((project, index) => (
                  <ProjectCard key={project.id} project={project} counts={details[index]?.data?.data.issueCounts} />
                ))}
              </ul>
            )}
          </QueryView>
        </section>
        <section aria-labelledby="goals-title">
          <h2 id="goals-title" className="mb-2 text-lg font-semibold">
            Goals
          </h2>
          <QueryView query={goals} isEmpty={({ data }) => data.length === 0} empty="No goals yet.">
            {({ data }) => (
              <ul className="space-y-3">
                {data.map((goal) => (
                  <li key={goal.id} className="rounded-lg border border-slate-200 bg-white p-4">
                    <GoalRow
                      goal={goal as GoalMeasure}
                      title={goal.title}
                      subtitle={[goal.status, goal.metric, goal.projectId ? projectName.get(goal.projectId) : null].filter(Boolean).join(' · ')}
                    />
                  </li>
                ))}
              </ul>
            )}
          </QueryView>
        </section>
      </div>
    </>
  );
}
