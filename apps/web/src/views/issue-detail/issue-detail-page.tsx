import { Link, useParams } from 'react-router';
import { Chip, StatusBadge } from '../../components/badges';
import { JsonTree } from '../../components/json-tree';
import { Markdown } from '../../components/markdown';
import { PageTitle } from '../../components/page-title';
import { QueryView } from '../../components/states';
import { dateTime } from '../../lib/time';
import { Comments } from './comments';
import { IssueFields } from './issue-fields';
import { Relations } from './relations';
import { Sessions } from './sessions';
import { useIssue } from './use-issue';

export default function IssueDetailPage() {
  const { ref = '' } = useParams();
  const issue = useIssue(ref);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/issues" className="text-blue-800 underline">
          ← Issues
        </Link>
      </p>
      <QueryView query={issue} loadingLabel="Loading the issue…">
        {({ data }) => (
          <article data-testid="issue-detail">
            <PageTitle title={`#${data.number} ${data.title}`}>
              <span className="text-slate-600">#{data.number}</span> <span data-testid="issue-title">{data.title}</span>
            </PageTitle>
            <p className="mb-4 flex flex-wrap items-center gap-2 text-sm text-slate-700">
              <StatusBadge status={data.status} /> <Chip>{data.type}</Chip>
              {data.labels.map((label) => (
                <Chip key={label.id}>{label.name}</Chip>
              ))}
              <span>created {dateTime(data.createdAt)}</span>
              {data.signalSource && <span>· from {data.signalSource}</span>}
            </p>
            <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
              <div className="min-w-0 space-y-4">
                <section aria-label="Description" className="rounded-lg border border-slate-200 bg-white p-4" data-testid="issue-description">
                  {data.description ? <Markdown>{data.description}</Markdown> : <p className="text-sm text-slate-600">No description.</p>}
                </section>
                {data.hypothesis && (
                  <section aria-labelledby="hypothesis-title" className="rounded-lg border border-slate-200 bg-white p-4">
                    <h2 id="hypothesis-title" className="mb-2 text-base font-semibold">
                      Hypothesis
                    </h2>
                    <JsonTree value={data.hypothesis} name="hypothesis" />
                  </section>
                )}
                {data.signalPayload && (
                  <section aria-labelledby="payload-title" className="rounded-lg border border-slate-200 bg-white p-4">
                    <h2 id="payload-title" className="mb-2 text-base font-semibold">
                      Signal payload
                    </h2>
                    <JsonTree value={data.signalPayload} />
                  </section>
                )}
                <Sessions issue={data} />
                <Comments issueRef={ref} />
              </div>
              <div className="space-y-4">
                <IssueFields issue={data} issueRef={ref} />
                <Relations issue={data} />
              </div>
            </div>
          </article>
        )}
      </QueryView>
    </>
  );
}
