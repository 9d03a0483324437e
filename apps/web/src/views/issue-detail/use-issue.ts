import { unwrap } from '@loop/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useClient } from '../../auth/auth-context';
import type { components } from '@loop/client';

export type IssuePatch = components['schemas']['UpdateIssue'];

export const issueKey = (ref: string) => ['issue', ref] as const;

export function useIssue(ref: string) {
  const client = useClient();
  return useQuery({
    queryKey: issueKey(ref),
    queryFn: () => unwrap(client.GET('/api/v1/issues/{idOrNumber}', { params: { path: { idOrNumber: ref } } })),
  });
}

/** One PATCH of an issue; afterwards every list and the issue itself are read again. */
export function useUpdateIssue(ref: string) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: IssuePatch) =>
      unwrap(client.PATCH('/api/v1/issues/{idOrNumber}', { params: { path: { idOrNumber: ref } }, body: patch })),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: issueKey(ref) }),
        queryClient.invalidateQueries({ queryKey: ['issues'] }),
        queryClient.invalidateQueries({ queryKey: ['dashboard'] }),
        queryClient.invalidateQueries({ queryKey: ['triage'] }),
        queryClient.invalidateQueries({ queryKey: ['queue'] }),
      ]);
    },
  });
}
