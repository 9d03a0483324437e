import { Link } from 'react-router';
import type { IssueSummary } from '../lib/api-types';

export function IssueLink({ issue }: { issue: Pick<IssueSummary, 'number' | 'title'> }) {
  return (
    <Link to={`/issues/${issue.number}`} className="text-blue-800 underline underline-offset-2">
      <span className="text-slate-600">#{issue.number}</span> {issue.title}
    </Link>
  );
}
