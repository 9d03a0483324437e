import { unwrap } from '@loop/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useClient } from '../../auth/auth-context';
import { authorName } from '../../lib/author';
import { LIVE_REFETCH_MS } from '../../lib/polling';

export type Decision =
  | { kind: 'accept'; issueId: string; status: 'backlog' | 'todo'; projectId: string | null }
  | { kind: 'decline'; issueId: string; reason: string };

export function useTriageQueue() {
  const client = useClient();
  return useQuery({
    queryKey: ['triage'],
    queryFn: () =>
      unwrap(client.GET('/api/v1/issues', { params: { query: { status: 'triage', type: 'signal', sort: '-createdAt', limit: 100 } } })),
    refetchInterval: LIVE_REFETCH_MS,
    refetchOnWindowFocus: true,
  });
}

/** Accept moves the signal on (optionally into a project); decline cancels it with the reason as a comment. */
export function useTriageDecision() {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (decision: Decision) => {
      const path = { idOrNumber: decision.issueId };
      if (decision.kind === 'accept') {
        const body = { status: decision.status, ...(decision.projectId ? { projectId: decision.projectId } : {}) };
        return unwrap(client.PATCH('/api/v1/issues/{idOrNumber}', { params: { path }, body }));
      }
      await unwrap(
        client.POST('/api/v1/issues/{idOrNumber}/comments', {
          params: { path },
          body: { body: `Declined in triage: ${decision.reason}`, authorName: authorName.read(), authorType: 'human' },
        }),
      );
      return unwrap(client.PATCH('/api/v1/issues/{idOrNumber}', { params: { path }, body: { status: 'canceled' } }));
    },
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['triage'] }),
        queryClient.invalidateQueries({ queryKey: ['issues'] }),
        queryClient.invalidateQueries({ queryKey: ['dashboard'] }),
      ]);
    },
  });
}
