import { unwrap } from '@loop/client';
import { useQuery } from '@tanstack/react-query';
import { useClient } from '../auth/auth-context';

const LOOKUP_STALE_MS = 60_000;

/** Projects for pickers and filters (a team has tens, not thousands). */
export function useProjects() {
  const client = useClient();
  return useQuery({
    queryKey: ['projects', 'all'],
    queryFn: () => unwrap(client.GET('/api/v1/projects', { params: { query: { limit: 200 } } })),
    staleTime: LOOKUP_STALE_MS,
  });
}

export function useLabels() {
  const client = useClient();
  return useQuery({
    queryKey: ['labels', 'all'],
    queryFn: () => unwrap(client.GET('/api/v1/labels', { params: { query: { limit: 200 } } })),
    staleTime: LOOKUP_STALE_MS,
  });
}
