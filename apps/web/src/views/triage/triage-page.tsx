import { type FormEvent, useRef, useState } from 'react';
import { Link } from 'react-router';
import { PriorityText } from '../../components/badges';
import { PageTitle } from '../../components/page-title';
import { ErrorState, QueryView } from '../../components/states';
import type { Issue } from '../../lib/api-types';
import { useShortcuts } from '../../lib/keyboard';
import { useProjects } from '../../lib/lookups';
import { timeAgo } from '../../lib/time';
import { useTriageDecision, useTriageQueue } from './use-triage';

function excerpt(text: string | null): string {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 180 ? `${flat.slice(0, 180)}…` : flat;
}

export default function TriagePage() {
  const queue = useTriageQueue();
  const decide = useTriageDecision();
  const projects = useProjects();
  const [selected, setSelected] = useState(0);
  const [projectId, setProjectId] = useState('');
  const [declining, setDeclining] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const items = useRef<(HTMLLIElement | null)[]>([]);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const issues = queue.data?.data ?? [];
  const current: Issue | undefined = issues[Math.min(selected, issues.length - 1)];

  function select(index: number) {
    const next = Math.max(0, Math.min(issues.length - 1, index));
    setSelected(next);
    items.current[next]?.focus();
  }

  function accept(issue: Issue, status: 'backlog' | 'todo') {
    decide.mutate(
      { kind: 'accept', issueId: issue.id, status, projectId: projectId || null },
      { onSuccess: () => setDone(`Accepted #${issue.number} to ${status}.`) },
    );
  }

  function startDecline(issue: Issue) {
    setDeclining(issue.id);
    setReason('');
    setTimeout(() => reasonRef.current?.focus(), 0);
  }

  function submitDecline(event: FormEvent, issue: Issue) {
    event.preventDefault();
    if (!reason.trim()) return;
    decide.mutate(
      { kind: 'decline', issueId: issue.id, reason: reason.trim() },
      {
        onSuccess: () => {
          setDeclining(null);
          setDone(`Declined #${issue.number}.`);
        },
      },
    );
  }

  useShortcuts({
    j: () => select(selected + 1),
    k: () => select(selected - 1),
    b: () => current && accept(current, 'backlog'),
    t: () => current && accept(current, 'todo'),
    d: () => current && startDecline(current),
  });

  return (
    <>
      <PageTitle title="Triage">Triage</PageTitle>
      <div className="mb-4 flex flex-wrap items-end gap-4">
        <label className="flex flex-col text-xs font-medium text-slate-700">
          Accept into project
          <select value={projectId} onChange={(event) => setProjectId(event.target.value)} className="mt-1 rounded border border-slate-400 bg-white px-2 py-1 text-sm font-normal">
            <option value="">No project</option>
            {projects.data?.data.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
          </select>
        </label>
        <p className="text-xs text-slate-600">Keys: j / k move, b accepts to backlog, t accepts to todo, d declines.</p>
      </div>
      <p role="status" className="mb-2 text-sm text-green-800" data-testid="triage-done">
        {done}
      </p>
      {decide.isError && <ErrorState error={decide.error} />}
      <QueryView query={queue} isEmpty={({ data }) => data.length === 0} empty="Triage is empty: every signal has been handled.">
        {({ data, total }) => (
          <>
            <p className="mb-2 text-sm text-slate-700" data-testid="triage-count">
              {total} signal{total === 1 ? '' : 's'} waiting, newest first
            </p>
            <ul className="space-y-2" aria-label="Signals waiting in triage">
              {data.map((issue, index) => {
                const isCurrent = issue.id === current?.id;
                return (
                  <li
                    key={issue.id}
                    ref={(element) => {
                      items.current[index] = element;
                    }}
                    tabIndex={-1}
                    aria-current={isCurrent ? 'true' : undefined}
                    onFocus={() => setSelected(index)}
                    data-testid="triage-item"
                    className={`rounded-lg border bg-white p-3 ${isCurrent ? 'border-blue-600 ring-1 ring-blue-600' : 'border-slate-200'}`}
                  >
                    <div className="flex flex-wrap items-baseline justify-between gap-2">
                      <Link to={`/issues/${issue.number}`} className="font-medium text-blue-800 hover:underline">
                        #{issue.number} {issue.title}
                      </Link>
                      <span className="text-xs text-slate-600">
                        {issue.signalSource ?? 'signal'} · <PriorityText priority={issue.priority} /> · {timeAgo(issue.createdAt)}
                      </span>
                    </div>
                    {issue.description && <p className="mt-1 text-sm text-slate-700">{excerpt(issue.description)}</p>}
                    <div className="mt-2 flex flex-wrap gap-2">
                      <button type="button" disabled={decide.isPending} onClick={() => accept(issue, 'backlog')} className="rounded border border-slate-400 px-2 py-1 text-sm hover:bg-slate-100">
                        Accept to backlog
                      </button>
                      <button type="button" disabled={decide.isPending} onClick={() => accept(issue, 'todo')} className="rounded bg-blue-700 px-2 py-1 text-sm text-white hover:bg-blue-800">
                        Accept to todo
                      </button>
                      <button type="button" disabled={decide.isPending} onClick={() => startDecline(issue)} className="rounded border border-red-400 px-2 py-1 text-sm text-red-800 hover:bg-red-50">
                        Decline
                      </button>
                    </div>
                    {declining === issue.id && (
                      <form onSubmit={(event) => submitDecline(event, issue)} className="mt-2 space-y-2">
                        <label htmlFor={`reason-${issue.id}`} className="block text-xs font-medium text-slate-700">
                          Why decline #{issue.number}? (posted as a comment)
                        </label>
                        <textarea
                          id={`reason-${issue.id}`}
                          ref={reasonRef}
                          value={reason}
                          onChange={(event) => setReason(event.target.value)}
                          rows={2}
                          className="w-full rounded border border-slate-400 p-2 text-sm"
                        />
                        <div className="flex gap-2">
                          <button type="submit" disabled={!reason.trim() || decide.isPending} className="rounded bg-red-700 px-2 py-1 text-sm text-white disabled:opacity-60">
                            Decline and cancel
                          </button>
                          <button type="button" onClick={() => setDeclining(null)} className="rounded border border-slate-400 px-2 py-1 text-sm">
                            Keep it
                          </button>
                        </div>
                      </form>
                    )}
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </QueryView>
    </>
  );
}
