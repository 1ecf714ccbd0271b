import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { SessionUser } from '@sitroom/core';
import { asApiError, getSession } from './api.ts';
import { SignIn } from './components/SignIn.tsx';
import { AnalyticsPage } from './components/analytics/AnalyticsPage.tsx';
import './styles.css';

// The analytics page alone, for development and its browser test until the app's navigation links it.
type Session = { kind: 'checking' } | { kind: 'signedOut'; notice?: string } | { kind: 'signedIn'; user: SessionUser } | { kind: 'error'; message: string };

function Preview() {
  const [session, setSession] = useState<Session>({ kind: 'checking' });
  const check = useCallback(() => {
    getSession().then(
      (user) => setSession(user ? { kind: 'signedIn', user } : { kind: 'signedOut' }),
      (error: unknown) => setSession({ kind: 'error', message: asApiError(error).message }),
    );
  }, []);
  useEffect(check, [check]);
  const ended = useCallback(() => setSession({ kind: 'signedOut', notice: 'Your session has ended. Please sign in again.' }), []);

  switch (session.kind) {
    case 'checking':
      return (
        <main className="splash" aria-busy="true">
          <p role="status">Loading…</p>
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
        <main>
          <AnalyticsPage user={session.user} onUnauthorized={ended} />
        </main>
      );
  }
}

const root = document.getElementById('root');
if (!root) throw new Error('analytics-preview.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <Preview />
  </StrictMode>,
);
