import { type LoopClient, LoopApiError, unwrap } from '@loop/client';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { browserClient } from '../api/client';
import { keyStorage } from './key-storage';

export const REFUSED_MESSAGE = 'Your API key was refused: it is wrong or has been revoked. Sign in with a valid key.';

interface Auth {
  /** The typed client with the stored key, or null when signed out. */
  client: LoopClient | null;
  /** Why the person was sent back to sign-in, if they were. */
  notice: string | null;
  signIn: (key: string, remember: boolean) => Promise<void>;
  signOut: () => void;
}

const AuthContext = createContext<Auth | null>(null);

/** Checks a key with a cheap authenticated read; throws a readable error when it is refused. */
async function verifyKey(key: string, fetchImpl?: typeof fetch): Promise<void> {
  const probe = browserClient({ apiKey: key, onUnauthorized: () => {}, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  try {
    await unwrap(probe.GET('/api/v1/labels', { params: { query: { limit: 1 } } }));
  } catch (error) {
    if (error instanceof LoopApiError && error.status === 401) throw new Error('That key was refused: check it and try again.', { cause: error });
    throw error;
  }
}

export function AuthProvider({ children, fetch: fetchImpl }: { children: ReactNode; fetch?: typeof fetch }) {
  const queryClient = useQueryClient();
  const [key, setKey] = useState<string | null>(() => keyStorage.read());
  const [notice, setNotice] = useState<string | null>(null);

  const end = useCallback(
    (message: string | null) => {
      keyStorage.clear();
      setKey(null);
      setNotice(message);
      queryClient.clear();
    },
    [queryClient],
  );

  const client = useMemo(
    () =>
      key === null
        ? null
        : browserClient({ apiKey: key, onUnauthorized: () => end(REFUSED_MESSAGE), ...(fetchImpl ? { fetch: fetchImpl } : {}) }),
    [key, end, fetchImpl],
  );

  const auth = useMemo<Auth>(
    () => ({
      client,
      notice,
      signIn: async (candidate, remember) => {
        const trimmed = candidate.trim();
        await verifyKey(trimmed, fetchImpl);
        keyStorage.write(trimmed, remember);
        setNotice(null);
        setKey(trimmed);
      },
      signOut: () => end(null),
    }),
    [client, notice, end, fetchImpl],
  );

  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside <AuthProvider>');
  return auth;
}

/** The signed-in client; only for views rendered behind <RequireAuth>. */
export function useClient(): LoopClient {
  const { client } = useAuth();
  if (!client) throw new Error('useClient while signed out');
  return client;
}
