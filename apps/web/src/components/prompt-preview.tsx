import { unwrap } from '@loop/client';
import { useQuery } from '@tanstack/react-query';
import { useClient } from '../auth/auth-context';
import { QueryView } from './states';

/** The prompt an issue would get now (`GET /issues/{idOrNumber}/prompt-preview`), fetched only when shown. */
export function PromptPreview({ issueRef }: { issueRef: string }) {
  const client = useClient();
  const preview = useQuery({
    queryKey: ['preview', issueRef],
    queryFn: () => unwrap(client.GET('/api/v1/issues/{idOrNumber}/prompt-preview', { params: { path: { idOrNumber: issueRef } } })),
  });
  return (
    <QueryView query={preview} loadingLabel="Rendering the prompt…">
      {({ data }) => (
        <div className="space-y-1" data-testid="prompt-preview">
          <p className="text-xs text-slate-700">
            {data.template ? `Template ${data.template.slug}, version ${data.version?.version ?? '—'}` : 'The built-in minimal prompt (no template matches)'}
          </p>
          <pre className="max-h-96 overflow-auto whitespace-pre-wrap rounded bg-slate-100 p-2 text-xs">{data.prompt}</pre>
        </div>
      )}
    </QueryView>
  );
}
