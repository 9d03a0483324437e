import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { AppRoutes, createQueryClient, Providers } from '../../src/app';
import type { FakeApi } from './fake-api';

/** The whole app (routes, auth, queries) at a URL, over a fake API. */
export function renderApp(api: FakeApi, url = '/') {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false, refetchInterval: false } });
  return render(
    <Providers queryClient={queryClient} fetch={api.fetch}>
      <MemoryRouter initialEntries={[url]}>
        <AppRoutes />
      </MemoryRouter>
    </Providers>,
  );
}
