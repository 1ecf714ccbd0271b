import { useCallback, useEffect, useState } from 'react';
import type { SessionUser } from '@sitroom/core';
import { ApiError, getSession } from '../api.ts';
import { SignIn } from './SignIn.tsx';
import { Dashboard } from './Dashboard.tsx';
import { I18nProvider } from '../i18n/index.ts';

type SessionState =
  | { kind: 'checking' }
  | { kind: 'signedOut'; notice?: string }
  | { kind: 'signedIn'; user: SessionUser }
  | { kind: 'error'; message: string };

export function App() {
  const [session, setSession] = useState<SessionState>({ kind: 'checking' });

  const check = useCallback(() => {
    setSession({ kind: 'checking' });
    getSession().then(
      (user) => setSession(user ? { kind: 'signedIn', user } : { kind: 'signedOut' }),
      (error: unknown) =>
        setSession({
          kind: 'error',
          message: error instanceof ApiError ? error.message : 'The dashboard could not start.',
        }),
    );
  }, []);

  useEffect(check, [check]);

  const onSessionEnded = useCallback(
    () => setSession({ kind: 'signedOut', notice: 'Your session has ended. Please sign in again.' }),
    [],
  );

  switch (session.kind) {
    case 'checking':
      return (
        <main className="splash" aria-busy="true">
          <p role="status">Loading Sitroom…</p>
        </main>
      );
    case 'error':
      return (
        <main className="splash">
          <div className="notice notice-error" role="alert">
            <p>{session.message}</p>
            <button type="button" className="button" onClick={check}>
              Try again
            </button>
          </div>
        </main>
      );
    case 'signedOut':
      return <SignIn notice={session.notice} onSignedIn={(user) => setSession({ kind: 'signedIn', user })} />;
    case 'signedIn':
      return (
        <I18nProvider userId={session.user.id}>
          <Dashboard
            user={session.user}
            onSignedOut={() => setSession({ kind: 'signedOut' })}
            onSessionEnded={onSessionEnded}
          />
        </I18nProvider>
      );
  }
}
