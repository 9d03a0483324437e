import { StatusBadge } from '../../components/badges';
import { IssueLink } from '../../components/issue-link';
import type { IssueDetail, IssueSummary } from '../../lib/api-types';

const RELATION_LABEL: Record<IssueDetail['relations'][number]['type'], string> = {
  blocks: 'Blocks',
  blocked_by: 'Blocked by',
  related: 'Related to',
  duplicate: 'Duplicate of',
};

function IssueList({ issues, testId }: { issues: IssueSummary[]; testId: string }) {
  return (
    <ul className="space-y-1" data-testid={testId}>
      {issues.map((issue) => (
        <li key={issue.id} className="flex flex-wrap items-center gap-2 text-sm">
          <StatusBadge status={issue.status} /> <IssueLink issue={issue} />
        </li>
      ))}
    </ul>
  );
}

/** Parent, children and relations; the API states each relation as seen from this issue. */
export function Relations({ issue }: { issue: IssueDetail }) {
  const groups = (Object.keys(RELATION_LABEL) as (keyof typeof RELATION_LABEL)[])
    .map((type) => ({ type, issues: issue.relations.filter((relation) => relation.type === type).map((relation) => relation.issue) }))
    .filter((group) => group.issues.length > 0);
  return (
    <section aria-labelledby="hierarchy-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="hierarchy-title" className="text-base font-semibold">
        Hierarchy and relations
      </h2>
      <div>
        <h3 className="text-xs font-medium text-slate-700">Parent</h3>
        {issue.parent ? <IssueList issues={[issue.parent]} testId="parent" /> : <p className="text-sm text-slate-600">None</p>}
      </div>
      <div>
        <h3 className="text-xs font-medium text-slate-700">Children</h3>
        {issue.children.length ? <IssueList issues={issue.children} testId="children" /> : <p className="text-sm text-slate-600">None</p>}
      </div>
      {groups.map((group) => (
        <div key={group.type}>
          <h3 className="text-xs font-medium text-slate-700">{RELATION_LABEL[group.type]}</h3>
          <IssueList issues={group.issues} testId={`relation-${group.type}`} />
        </div>
      ))}
    </section>
  );
}
