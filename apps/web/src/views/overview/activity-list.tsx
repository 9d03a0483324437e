import { IssueLink } from '../../components/issue-link';
import type { ActivityEvent } from '../../lib/api-types';
import { timeAgo } from '../../lib/time';

function describe(event: ActivityEvent): string {
  switch (event.type) {
    case 'signal_received':
      return `Signal from ${event.signal.source} (${event.signal.severity})`;
    case 'issue_created':
      return 'Issue created';
    case 'issue_completed':
      return 'Issue done';
    case 'issue_canceled':
      return 'Issue canceled';
    case 'issue_claimed':
      return `Claimed by an agent (${event.dispatch.outcome})`;
    case 'prompt_reviewed':
      return `Prompt ${event.review.templateSlug} reviewed`;
  }
}

export function ActivityList({ events }: { events: ActivityEvent[] }) {
  return (
    <ul className="divide-y divide-slate-100" data-testid="activity">
      {events.map((event, index) => (
        <li key={`${event.type}-${event.at}-${index}`} className="flex flex-col gap-0.5 py-2 text-sm sm:flex-row sm:justify-between sm:gap-4">
          <span>
            <span className="font-medium">{describe(event)}</span>: <IssueLink issue={event.issue} />
          </span>
          <time dateTime={event.at} className="whitespace-nowrap text-slate-600">
            {timeAgo(event.at)}
          </time>
        </li>
      ))}
    </ul>
  );
}
