import { type FormEvent, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Chip } from '../../components/badges';
import { PageTitle } from '../../components/page-title';
import { PromptPreview } from '../../components/prompt-preview';
import { ErrorState, QueryView } from '../../components/states';
import type { PromptVersion } from '../../lib/api-types';
import { dateTime } from '../../lib/time';
import { NewVersionForm } from './new-version-form';
import { useTemplate, useVersionStatus } from './use-template';
import { VersionDiff } from './version-diff';

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)} %`);

function VersionTable({ slug, versions }: { slug: string; versions: PromptVersion[] }) {
  const change = useVersionStatus(slug);
  return (
    <>
      {change.isError && <ErrorState error={change.error} />}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="versions-table">
          <caption className="sr-only">Versions, newest first</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2">Version</th>
              <th scope="col" className="px-3 py-2">Status</th>
              <th scope="col" className="px-3 py-2">Usage</th>
              <th scope="col" className="px-3 py-2">Completion</th>
              <th scope="col" className="px-3 py-2">Review score</th>
              <th scope="col" className="px-3 py-2">Author, changelog</th>
              <th scope="col" className="px-3 py-2">Actions</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={version.id} className="border-b border-slate-100 align-top last:border-0" data-testid="version-row">
                <td className="px-3 py-2 font-medium">v{version.version}</td>
                <td className="px-3 py-2">
                  <Chip>{version.status}</Chip>
                </td>
                <td className="px-3 py-2 tabular-nums">{version.usageCount}</td>
                <td className="px-3 py-2 tabular-nums">{percent(version.completionRate)}</td>
                <td className="px-3 py-2 tabular-nums">{version.reviewScore?.toFixed(2) ?? '—'}</td>
                <td className="px-3 py-2 text-xs text-slate-700">
                  {version.authorName ?? version.authorType} · {dateTime(version.createdAt)}
                  {version.changelog && <div>{version.changelog}</div>}
                </td>
                <td className="px-3 py-2">
                  <div className="flex gap-2">
                    {version.status !== 'active' && (
                      <button
                        type="button"
                        disabled={change.isPending}
                        onClick={() => change.mutate({ versionId: version.id, status: 'active' })}
                        className="rounded bg-blue-700 px-2 py-0.5 text-xs text-white"
                        aria-label={`Promote version ${version.version}`}
                      >
                        Promote
                      </button>
                    )}
                    {version.status !== 'retired' && (
                      <button
                        type="button"
                        disabled={change.isPending}
                        onClick={() => change.mutate({ versionId: version.id, status: 'retired' })}
                        className="rounded border border-slate-400 px-2 py-0.5 text-xs"
                        aria-label={`Retire version ${version.version}`}
                      >
                        Retire
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function DiffPicker({ versions }: { versions: PromptVersion[] }) {
  const [params, setParams] = useSearchParams();
  const byNumber = (value: string | null) => versions.find((version) => String(version.version) === value);
  // Default: the newest version against the one before it.
  const to = byNumber(params.get('to')) ?? versions[0];
  const from = byNumber(params.get('from')) ?? versions[1] ?? versions[0];
  if (!to || !from) return null;
  const pick = (key: 'from' | 'to', value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  const options = versions.map((version) => (
    <option key={version.id} value={version.version}>
      v{version.version} ({version.status})
    </option>
  ));
  return (
    <section aria-labelledby="diff-title" className="space-y-2">
      <h2 id="diff-title" className="text-lg font-semibold">
        Compare versions
      </h2>
      <div className="flex flex-wrap gap-3">
        <label className="flex flex-col text-xs font-medium text-slate-700">
          From
          <select value={from.version} onChange={(event) => pick('from', event.target.value)} className="mt-1 rounded border border-slate-400 bg-white px-2 py-1 text-sm font-normal">
            {options}
          </select>
        </label>
        <label className="flex flex-col text-xs font-medium text-slate-700">
          To
          <select value={to.version} onChange={(event) => pick('to', event.target.value)} className="mt-1 rounded border border-slate-400 bg-white px-2 py-1 text-sm font-normal">
            {options}
          </select>
        </label>
      </div>
      <VersionDiff from={from} to={to} />
    </section>
  );
}

function PreviewPicker() {
  const [params, setParams] = useSearchParams();
  const chosen = params.get('issue');
  const [value, setValue] = useState(chosen ?? '');
  function submit(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams(params);
    if (value.trim()) next.set('issue', value.trim().replace(/^#/, ''));
    else next.delete('issue');
    setParams(next, { replace: true });
  }
  return (
    <section aria-labelledby="preview-title" className="space-y-2">
      <h2 id="preview-title" className="text-lg font-semibold">
        Preview for an issue
      </h2>
      <form onSubmit={submit} className="flex items-end gap-2">
        <label className="flex flex-col text-xs font-medium text-slate-700">
          Issue number or id
          <input value={value} onChange={(event) => setValue(event.target.value)} className="mt-1 w-40 rounded border border-slate-400 px-2 py-1 text-sm" />
        </label>
        <button type="submit" className="rounded border border-slate-400 px-3 py-1 text-sm">
          Preview
        </button>
      </form>
      <p className="text-xs text-slate-600">The preview shows the template and version the issue would get now, which may be another template.</p>
      {chosen && <PromptPreview issueRef={chosen} />}
    </section>
  );
}

export default function TemplatePage() {
  const { slug = '' } = useParams();
  const { template, versions, reviews } = useTemplate(slug);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/prompts" className="text-blue-800 underline">
          ← Prompts
        </Link>
      </p>
      <QueryView query={template} loadingLabel="Loading the template…">
        {({ data }) => (
          <div className="space-y-6">
            <PageTitle title={data.name}>{data.name}</PageTitle>
            <p className="-mt-4 text-sm text-slate-700">
              {data.slug} · active version {data.activeVersion ? `v${data.activeVersion.version}` : 'none'}
              {data.description ? ` · ${data.description}` : ''}
            </p>
            <section aria-labelledby="versions-title" className="space-y-2">
              <h2 id="versions-title" className="text-lg font-semibold">
                Versions
              </h2>
              <QueryView query={versions} isEmpty={({ data: list }) => list.length === 0} empty="No versions yet.">
                {({ data: list }) => <VersionTable slug={slug} versions={list} />}
              </QueryView>
            </section>
            <QueryView query={versions}>{({ data: list }) => <DiffPicker versions={list} />}</QueryView>
            <section aria-labelledby="reviews-title" className="space-y-2">
              <h2 id="reviews-title" className="text-lg font-semibold">
                Reviews
              </h2>
              <QueryView query={reviews} isEmpty={(list) => list.data.length === 0} empty="No reviews yet.">
                {(list) => (
                  <>
                    <p className="text-sm text-slate-700" data-testid="review-averages">
                      {list.count} reviews · clarity {list.averages.clarity ?? '—'} · completeness {list.averages.completeness ?? '—'} · relevance{' '}
                      {list.averages.relevance ?? '—'} · overall {list.averages.overall ?? '—'}
                    </p>
                    <ul className="space-y-2">
                      {list.data.map((review) => (
                        <li key={review.id} className="rounded border border-slate-200 bg-white p-2 text-sm" data-testid="review">
                          <p className="text-xs text-slate-600">
                            {dateTime(review.createdAt)} · {review.authorType} · clarity {review.clarity}, completeness {review.completeness}, relevance{' '}
                            {review.relevance}
                          </p>
                          {review.feedback && <p className="mt-1 whitespace-pre-wrap">{review.feedback}</p>}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </QueryView>
            </section>
            <PreviewPicker />
            <NewVersionForm key={data.activeVersion?.id ?? 'none'} slug={slug} initial={data.activeVersion?.content ?? ''} />
          </div>
        )}
      </QueryView>
    </>
  );
}
