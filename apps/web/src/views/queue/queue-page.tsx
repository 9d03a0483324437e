import { unwrap } from '@loop/client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useClient } from '../../auth/auth-context';
import { PriorityText, StatusBadge } from '../../components/badges';
import { IssueLink } from '../../components/issue-link';
import { PageTitle } from '../../components/page-title';
import { PromptPreview } from '../../components/prompt-preview';
import { QueryView } from '../../components/states';
import type { QueueEntry } from '../../lib/api-types';
import { useProjects } from '../../lib/lookups';
import { LIVE_REFETCH_MS } from '../../lib/polling';

function Entry({ entry, rank }: { entry: QueueEntry; rank: number }) {
  const [open, setOpen] = useState(false);
  const { breakdown } = entry;
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-3" data-testid="queue-entry">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="flex flex-wrap items-center gap-2">
          <span className="w-6 text-right tabular-nums text-slate-600">{rank}.</span>
          <IssueLink issue={entry.issue} />
          <StatusBadge status={entry.issue.status} />
          <PriorityText priority={entry.issue.priority} />
        </span>
        <span className="text-sm" aria-label={`Score ${entry.score}`}>
          <span className="font-semibold tabular-nums">{entry.score}</span>
          <span className="text-slate-600">
            {' '}
            = priority {breakdown.priority} + goal {breakdown.goal} + age {breakdown.age}
          </span>
        </span>
      </div>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} className="mt-2 text-sm text-blue-800 underline">
        {open ? 'Hide prompt' : 'Preview prompt'}
      </button>
      {open && (
        <div className="mt-2">
          <PromptPreview issueRef={entry.issue.id} />
        </div>
      )}
    </li>
  );
}

export default function QueuePage() {
  const client = useClient();
  const projects = useProjects();
  const [params, setParams] = useSearchParams();
  const projectId = params.get('project') ?? '';
  const queue = useQuery({
    queryKey: ['queue', projectId],
    queryFn: () =>
      unwrap(client.GET('/api/v1/dispatch/queue', { params: { query: { limit: 50, ...(projectId ? { projectId } : {}) } } })),
    refetchInterval: LIVE_REFETCH_MS,
    refetchOnWindowFocus: true,
  });
  return (
    <>
      <PageTitle title="Queue">Queue</PageTitle>
      <label className="mb-4 flex w-fit flex-col text-xs font-medium text-slate-700">
        Project
        <select
          value={projectId}
          onChange={(event) => setParams(event.target.value ? { project: event.target.value } : {})}
          className="mt-1 rounded border border-slate-400 bg-white px-2 py-1 text-sm font-normal"
        >
          <option value="">All projects</option>
          {projects.data?.data.map((project) => (
            <option key={project.id} value={project.id}>
              {project.name}
            </option>
          ))}
        </select>
      </label>
      <QueryView query={queue} isEmpty={({ data }) => data.length === 0} empty="Nothing is ready: no issue is waiting for an agent.">
        {({ data, total }) => (
          <>
            <p className="mb-2 text-sm text-slate-700">
              {total} ready, ranked as the next claim would take them
            </p>
            <ol className="space-y-2" aria-label="Ready issues, ranked">
              {data.map((entry, index) => (
                <Entry key={entry.issue.id} entry={entry} rank={index + 1} />
              ))}
            </ol>
          </>
        )}
      </QueryView>
    </>
  );
}
