import { useCallback, useEffect, useState } from 'react';
import type { SessionUser } from '@sitroom/core';
import { ApiError, getSession, request } from '../api.ts';
import { SignIn } from './SignIn.tsx';
import { Dashboard } from './Dashboard.tsx';
import { I18nProvider, useT } from '../i18n/index.ts';
import { isLanguage, languageStorageKey, storeLanguage, type Language } from '../i18n/translate.ts';

/**
 * A language picked on the sign-in screen carries over to a user who has not chosen one yet; a user's
 * own earlier choice still wins.
 */
function carryOverLanguage(userId: string): void {
  try {
    const storage = window.localStorage;
    const picked = storage.getItem(languageStorageKey(null));
    if (isLanguage(picked) && storage.getItem(languageStorageKey(userId)) === null) storeLanguage(storage, userId, picked);
  } catch {
    // No storage: the switch still works for this page.
  }
}

type SessionState =
  | { kind: 'checking' }
  | { kind: 'signedOut'; sessionEnded?: boolean }
  | { kind: 'signedIn'; user: SessionUser }
  | { kind: 'error'; message: string | null };

/**
 * Every screen, the splash and sign-in included, reads in the chosen language: signed out, the choice
 * made on this browser before signing in (or the browser's language); signed in, the user's own.
 */
export function App() {
  const [session, setSession] = useState<SessionState>({ kind: 'checking' });
  // The provider learns of a sign-in in the same render as the screens: they mount in the user's language.
  const user = session.kind === 'signedIn' ? session.user : null;
  const userLocale = user && isLanguage(user.locale) ? user.locale : undefined;
  // The choice is kept on the server too, so it follows the user to another device.
  const signedIn = user !== null;
  const remember = useCallback((language: Language) => {
    if (signedIn) request('PATCH', '/auth/session', { body: { locale: language } }).catch(() => undefined);
  }, [signedIn]);
  return (
    <I18nProvider userId={user?.id ?? null} serverLanguage={userLocale} onLanguageChange={remember}>
      <Screens session={session} setSession={setSession} />
    </I18nProvider>
  );
}

function Screens({ session, setSession }: { session: SessionState; setSession(session: SessionState): void }) {
  const { t } = useT();

  const check = useCallback(() => {
    setSession({ kind: 'checking' });
    getSession().then(
      (user) => setSession(user ? { kind: 'signedIn', user } : { kind: 'signedOut' }),
      (error: unknown) =>
        setSession({
          kind: 'error',
          message: error instanceof ApiError ? error.message : null,
        }),
    );
  }, [setSession]);

  useEffect(check, [check]);

  const onSessionEnded = useCallback(
    () => setSession({ kind: 'signedOut', sessionEnded: true }),
    [setSession],
  );
  const onUserChanged = useCallback((user: SessionUser) => setSession({ kind: 'signedIn', user }), [setSession]);

  switch (session.kind) {
    case 'checking':
      return (
        <main className="splash" aria-busy="true">
          <p role="status">{t('app.loading')}</p>
        </main>
      );
    case 'error':
      return (
        <main className="splash">
          <div className="notice notice-error" role="alert">
            <p>{session.message ?? t('app.startFailed')}</p>
            <button type="button" className="button" onClick={check}>
              {t('app.tryAgain')}
            </button>
          </div>
        </main>
      );
    case 'signedOut':
      return (
        <SignIn
          notice={session.sessionEnded ? t('app.sessionEnded') : undefined}
          onSignedIn={(user) => {
            carryOverLanguage(user.id);
            setSession({ kind: 'signedIn', user });
          }}
        />
      );
    case 'signedIn':
      return (
        <Dashboard
          user={session.user}
          onSignedOut={() => setSession({ kind: 'signedOut' })}
          onSessionEnded={onSessionEnded}
          onUserChanged={onUserChanged}
        />
      );
  }
}
