import { type FormEvent, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { errorMessage } from '../lib/errors';
import { useAuth } from './auth-context';

/** Only an in-app path is followed after sign-in, so `?next=` cannot send anyone elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const { client, notice, signIn } = useAuth();
  const [params] = useSearchParams();
  const [key, setKey] = useState('');
  const [remember, setRemember] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (client) return <Navigate to={safeNext(params.get('next'))} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!key.trim()) {
      setError('Paste an API key (it starts with loop_).');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(key, remember);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  const shown = error ?? notice;
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <form
        onSubmit={(event) => void submit(event)}
        className="w-full max-w-sm space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
        aria-labelledby="sign-in-title"
        noValidate
      >
        <h1 id="sign-in-title" className="text-xl font-semibold">
          Sign in to Loop
        </h1>
        <p className="text-sm text-slate-600">
          Paste an API key. <code>npm start</code> prints the first one; <code>loop keys create</code> makes more.
        </p>
        {shown && (
          <p role="alert" data-testid="sign-in-error" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800">
            {shown}
          </p>
        )}
        <div className="space-y-1">
          <label htmlFor="api-key" className="block text-sm font-medium">
            API key
          </label>
          <input
            id="api-key"
            name="apiKey"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={key}
            onChange={(event) => setKey(event.target.value)}
            className="w-full rounded border border-slate-400 px-3 py-2 font-mono text-sm"
            placeholder="loop_…"
            required
          />
        </div>
        <div className="flex items-center gap-2">
          <input
            id="remember"
            type="checkbox"
            checked={remember}
            onChange={(event) => setRemember(event.target.checked)}
            className="h-4 w-4"
          />
          <label htmlFor="remember" className="text-sm">
            Remember on this device
          </label>
        </div>
        <button
          type="submit"
          disabled={busy}
          className="w-full rounded bg-blue-700 px-3 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
        >
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
