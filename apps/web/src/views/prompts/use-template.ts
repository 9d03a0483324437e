import { unwrap } from '@loop/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useClient } from '../../auth/auth-context';
import type { components } from '@loop/client';

export type NewVersion = components['schemas']['CreatePromptVersion'];

export function useTemplate(slug: string) {
  const client = useClient();
  const path = { idOrSlug: slug };
  const template = useQuery({
    queryKey: ['template', slug],
    queryFn: () => unwrap(client.GET('/api/v1/templates/{idOrSlug}', { params: { path } })),
  });
  const versions = useQuery({
    queryKey: ['template', slug, 'versions'],
    queryFn: () => unwrap(client.GET('/api/v1/templates/{idOrSlug}/versions', { params: { path, query: { limit: 200 } } })),
  });
  const reviews = useQuery({
    queryKey: ['template', slug, 'reviews'],
    queryFn: () => unwrap(client.GET('/api/v1/templates/{idOrSlug}/reviews', { params: { path, query: { limit: 50 } } })),
  });
  return { template, versions, reviews };
}

function useRefresh(slug: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['template', slug] }),
      queryClient.invalidateQueries({ queryKey: ['dashboard', 'prompts'] }),
      queryClient.invalidateQueries({ queryKey: ['preview'] }),
    ]);
}

export function useVersionStatus(slug: string) {
  const client = useClient();
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: ({ versionId, status }: { versionId: string; status: 'active' | 'retired' }) =>
      unwrap(
        client.PATCH('/api/v1/templates/{idOrSlug}/versions/{versionId}', {
          params: { path: { idOrSlug: slug, versionId } },
          body: { status },
        }),
      ),
    onSuccess: refresh,
  });
}

export function useNewVersion(slug: string) {
  const client = useClient();
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (body: NewVersion) =>
      unwrap(client.POST('/api/v1/templates/{idOrSlug}/versions', { params: { path: { idOrSlug: slug } }, body })),
    onSuccess: refresh,
  });
}
