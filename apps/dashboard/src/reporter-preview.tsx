import { StrictMode, useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { can, type IncidentDetail, type SessionUser } from '@sitroom/core';
import { asApiError, getIncident, getSession, signIn, signOut } from './api.ts';
import { MyReports, ReportForm } from './components/reporter/index.ts';
import { RebuttalWorkspace } from './components/rebuttal/index.ts';
import { I18nProvider, LanguageSwitch, useT } from './i18n/index.ts';
import './styles.css';
import './reporter.css';

/*
 * A development shell for the reporter screens and the rebuttal workspace, until the lead wires them
 * into the dashboard: sign in, then "File a report | My reports | Rebuttal workspace". Hash routes:
 * #/report, #/mine, #/rebuttal/<incident id>.
 */

type Route = { tab: 'report' } | { tab: 'mine' } | { tab: 'rebuttal'; incidentId: string };

function parseRoute(hash: string): Route {
  const [, tab, id] = hash.replace(/^#/, '').split('/');
  if (tab === 'mine') return { tab: 'mine' };
  if (tab === 'rebuttal') return { tab: 'rebuttal', incidentId: decodeURIComponent(id ?? '') };
  return { tab: 'report' };
}

function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function PreviewSignIn({ onSignedIn }: { onSignedIn(user: SessionUser): void }) {
  const { t } = useT();
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    try {
      onSignedIn(await signIn(email.trim(), password));
    } catch (caught) {
      setError(t('preview.signInFailed', { message: asApiError(caught).message }));
    }
  }
  return (
    <main className="signin-page">
      <div className="signin-card">
        <h1>{t('preview.title')}</h1>
        <LanguageSwitch />
        {error && <div className="notice notice-error" role="alert">{error}</div>}
        <form className="signin-form" data-testid="signin-form" onSubmit={(e) => void submit(e)}>
          <div className="field">
            <label htmlFor={`${id}-email`}>{t('preview.email')}</label>
            <input id={`${id}-email`} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>{t('preview.password')}</label>
            <input id={`${id}-password`} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          <button type="submit" className="button button-primary button-block">{t('preview.signIn')}</button>
        </form>
      </div>
    </main>
  );
}

function RebuttalTab({ incidentId, user }: { incidentId: string; user: SessionUser }) {
  const { t } = useT();
  const id = useId();
  const [typed, setTyped] = useState(incidentId);
  const [incident, setIncident] = useState<IncidentDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    if (!incidentId) return;
    try {
      setIncident(await getIncident(incidentId));
      setError(null);
    } catch (caught) {
      setIncident(null);
      setError(asApiError(caught).message);
    }
  }, [incidentId]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return (
    <section className="reporter-card">
      <form className="incident-picker" onSubmit={(e) => {
        e.preventDefault();
        window.location.hash = `#/rebuttal/${encodeURIComponent(typed.trim())}`;
      }}>
        <div className="field">
          <label htmlFor={id}>{t('preview.incidentId')}</label>
          <input id={id} data-testid="incident-id-input" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
        </div>
        <button type="submit" className="button">{t('preview.open')}</button>
      </form>
      {error && <div className="notice notice-error" role="alert">{error}</div>}
      {incident && (
        <>
          <p className="preview-incident-title" data-testid="preview-incident">
            <strong>{incident.title}</strong> <span className="muted">· {incident.status} · v{incident.version}</span>
          </p>
          <RebuttalWorkspace incidentId={incident.id} incidentVersion={incident.version} user={user} onChanged={() => void reload()} />
        </>
      )}
    </section>
  );
}

function Shell({ user, onSignedOut }: { user: SessionUser; onSignedOut(): void }) {
  const { t } = useT();
  const route = useHashRoute();
  const tabs = [
    can(user.roles, 'report.create') && { tab: 'report', href: '#/report', label: t('preview.tabReport') },
    can(user.roles, 'report.read_own_organisation') && { tab: 'mine', href: '#/mine', label: t('preview.tabMine') },
    can(user.roles, 'incident.read') && { tab: 'rebuttal', href: '#/rebuttal/', label: t('preview.tabRebuttal') },
  ].filter((x): x is { tab: Route['tab']; href: string; label: string } => Boolean(x));
  const current = tabs.some((x) => x.tab === route.tab) ? route : ({ tab: tabs[0]?.tab ?? 'mine', incidentId: '' } as Route);
  return (
    <>
      <header className="preview-bar">
        <span className="preview-brand">Sitroom</span>
        <nav aria-label={t('preview.sections')} className="preview-tabs">
          {tabs.map((x) => (
            <a key={x.tab} href={x.href} aria-current={current.tab === x.tab ? 'page' : undefined} data-testid={`tab-${x.tab}`}>{x.label}</a>
          ))}
        </nav>
        <span className="preview-user">{user.name} · {user.organisationName}</span>
        <LanguageSwitch className="preview-language" />
        <button type="button" className="button" onClick={() => void signOut().finally(onSignedOut)}>{t('preview.signOut')}</button>
      </header>
      <main className="reporter-main">
        {current.tab === 'report' && <ReportForm user={user} onUnauthorized={onSignedOut} />}
        {current.tab === 'mine' && <MyReports user={user} onUnauthorized={onSignedOut} />}
        {current.tab === 'rebuttal' && <RebuttalTab key={current.incidentId} incidentId={current.incidentId} user={user} />}
      </main>
    </>
  );
}

function Preview() {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  useEffect(() => {
    getSession().then(setUser, () => setUser(null));
  }, []);
  return (
    <I18nProvider userId={user?.id ?? null}>
      {user === undefined ? null : user === null ? <PreviewSignIn onSignedIn={setUser} /> : <Shell user={user} onSignedOut={() => setUser(null)} />}
    </I18nProvider>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('reporter-preview.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <Preview />
  </StrictMode>,
);
