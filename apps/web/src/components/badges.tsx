import { type IssueStatus, PRIORITY_LABEL, STATUS_LABEL } from '../lib/api-types';

const statusTone: Record<IssueStatus, string> = {
  triage: 'bg-amber-100 text-amber-900',
  backlog: 'bg-slate-200 text-slate-800',
  todo: 'bg-sky-100 text-sky-900',
  in_progress: 'bg-violet-100 text-violet-900',
  done: 'bg-green-100 text-green-900',
  canceled: 'bg-zinc-200 text-zinc-800',
};

export function StatusBadge({ status }: { status: IssueStatus }) {
  return (
    <span className={`inline-block whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ${statusTone[status]}`}>
      {STATUS_LABEL[status]}
    </span>
  );
}

export function PriorityText({ priority }: { priority: number }) {
  return <span className="whitespace-nowrap text-sm">{PRIORITY_LABEL[priority] ?? priority}</span>;
}

export function Chip({ children }: { children: string }) {
  return <span className="inline-block rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-800">{children}</span>;
}
