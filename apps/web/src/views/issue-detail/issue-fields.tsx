import { ErrorState } from '../../components/states';
import { ISSUE_STATUSES, type IssueDetail, PRIORITIES, PRIORITY_LABEL, STATUS_LABEL } from '../../lib/api-types';
import { useLabels, useProjects } from '../../lib/lookups';
import { type IssuePatch, useUpdateIssue } from './use-issue';

const field = 'mt-1 w-full rounded border border-slate-400 bg-white px-2 py-1 text-sm';

/** Status, priority, project and labels, each saved as soon as it changes. */
export function IssueFields({ issue, issueRef }: { issue: IssueDetail; issueRef: string }) {
  const update = useUpdateIssue(issueRef);
  const projects = useProjects();
  const labels = useLabels();
  const save = (patch: IssuePatch) => update.mutate(patch);
  const current = new Set(issue.labels.map((label) => label.id));

  function toggleLabel(id: string, on: boolean) {
    const next = new Set(current);
    if (on) next.add(id);
    else next.delete(id);
    save({ labelIds: [...next] });
  }

  return (
    <section aria-label="Fields" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="issue-fields">
      <label className="block text-xs font-medium text-slate-700">
        Status
        <select className={field} value={issue.status} disabled={update.isPending} onChange={(event) => save({ status: event.target.value as IssuePatch['status'] })}>
          {ISSUE_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABEL[status]}
            </option>
          ))}
        </select>
      </label>
      <label className="block text-xs font-medium text-slate-700">
        Priority
        <select className={field} value={issue.priority} disabled={update.isPending} onChange={(event) => save({ priority: Number(event.target.value) })}>
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {PRIORITY_LABEL[priority]}
            </option>
          ))}
        </select>
      </label>
      <label className="block text-xs font-medium text-slate-700">
        Project
        <select className={field} value={issue.projectId ?? ''} disabled={update.isPending} onChange={(event) => save({ projectId: event.target.value || null })}>
          <option value="">No project</option>
          {issue.project && !projects.data?.data.some((project) => project.id === issue.project?.id) && (
            <option value={issue.project.id}>{issue.project.name}</option>
          )}
          {projects.data?.data.map((project) => (
            <option key={project.id} value={project.id}>
              {project.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend className="text-xs font-medium text-slate-700">Labels</legend>
        {labels.data && labels.data.data.length === 0 && <p className="text-sm text-slate-600">No labels exist yet.</p>}
        <ul className="mt-1 max-h-48 space-y-1 overflow-y-auto">
          {labels.data?.data.map((label) => (
            <li key={label.id}>
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={current.has(label.id)} disabled={update.isPending} onChange={(event) => toggleLabel(label.id, event.target.checked)} />
                {label.name}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {update.isPending && <p role="status" className="text-xs text-slate-600">Saving…</p>}
      {update.isError && <ErrorState error={update.error} />}
    </section>
  );
}
