import { type FormEvent, useState } from 'react';
import { ErrorState } from '../../components/states';
import { authorName } from '../../lib/author';
import { compileError } from '../../lib/compile-error';
import { useNewVersion } from './use-template';

export function NewVersionForm({ slug, initial }: { slug: string; initial: string }) {
  const create = useNewVersion(slug);
  const [content, setContent] = useState(initial);
  const [changelog, setChangelog] = useState('');
  const [activate, setActivate] = useState(false);
  const failure = create.isError ? compileError(create.error, content) : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      {
        content,
        changelog: changelog.trim() || null,
        authorName: authorName.read(),
        authorType: 'human',
        status: activate ? 'active' : 'draft',
      },
      { onSuccess: () => setChangelog('') },
    );
  }

  return (
    <form onSubmit={submit} className="space-y-3" aria-labelledby="new-version-title" data-testid="new-version">
      <h2 id="new-version-title" className="text-lg font-semibold">
        New version
      </h2>
      <div>
        <label htmlFor="version-content" className="block text-xs font-medium text-slate-700">
          Content (Handlebars)
        </label>
        <textarea
          id="version-content"
          value={content}
          onChange={(event) => setContent(event.target.value)}
          rows={14}
          spellCheck={false}
          aria-invalid={failure ? true : undefined}
          aria-describedby={failure ? 'compile-error' : undefined}
          className="mt-1 w-full rounded border border-slate-400 p-2 font-mono text-xs"
        />
      </div>
      {failure ? (
        <div id="compile-error" role="alert" data-testid="compile-error" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          <p className="font-medium">The template does not compile{failure.line !== null ? ` (line ${failure.line})` : ''}:</p>
          <pre className="mt-1 whitespace-pre-wrap text-xs">{failure.message}</pre>
          {failure.source !== null && (
            <p className="mt-2 font-mono text-xs">
              <span className="text-red-700">{failure.line} │ </span>
              {failure.source}
            </p>
          )}
        </div>
      ) : (
        create.isError && <ErrorState error={create.error} />
      )}
      {create.isSuccess && (
        <p role="status" className="text-sm text-green-800">
          Version {create.data.data.version} saved as {create.data.data.status}.
        </p>
      )}
      <label className="block text-xs font-medium text-slate-700">
        Changelog
        <input value={changelog} onChange={(event) => setChangelog(event.target.value)} className="mt-1 w-full rounded border border-slate-400 px-2 py-1 text-sm" />
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={activate} onChange={(event) => setActivate(event.target.checked)} />
        Make it the active version now
      </label>
      <button type="submit" disabled={create.isPending || !content.trim()} className="rounded bg-blue-700 px-3 py-1 text-sm font-medium text-white disabled:opacity-60">
        {create.isPending ? 'Saving…' : 'Save version'}
      </button>
    </form>
  );
}
