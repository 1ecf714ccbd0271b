import { useCallback, useEffect, useMemo, useReducer, useRef, useState, lazy, Suspense } from 'react';
import { PRIORITIES, accessChanged, type IncidentSummary, type LiveEvent, type SessionUser } from '@sitroom/core';
import { ApiError, asApiError, getSession, listDesks, listIncidents, signOut, type DeskOption } from '../api.ts';
import { connectLive, type ConnectionState } from '../live.ts';
import {
  DEFAULT_FILTERS,
  defaultFiltersFor,
  filtersToQuery,
  initialQueueState,
  matchesFilters,
  queueReducer,
  sameFilters,
  selectVisible,
  type QueueFilters as Filters,
} from '../queue-state.ts';
import { refreshesNotifications } from '../notifications.ts';
import { allowedRouteFor, navScreens, type NavScreen, type Route } from '../route.ts';
import { MyReports, ReportForm } from './reporter/index.ts';
import { LanguageSwitch, useT, type MessageKey } from '../i18n/index.ts';
import { addSlaAlert, slaAlertFromEvent, type SlaAlert } from '../sla.ts';
import { ConnectionStatus } from './ConnectionStatus.tsx';
import { QueueFilters } from './QueueFilters.tsx';
import { QueueTable } from './QueueTable.tsx';
import { IncidentPanel } from './IncidentPanel.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { SlaAlerts } from './SlaAlerts.tsx';
import { AdminPage } from './admin/AdminPage.tsx';
import { useHashRoute } from './use-hash-route.ts';
import { useNow } from './use-now.ts';

// Charts are heavy: the analytics page (and its charting library) loads only when opened.
const AnalyticsScreen = lazy(() => import('./analytics/AnalyticsPage.tsx').then((m) => ({ default: m.AnalyticsPage })));

interface Props {
  user: SessionUser;
  onSignedOut(): void;
  onSessionEnded(): void;
  /** The same session's user, read again after an admin changed what they may see or do. */
  onUserChanged(user: SessionUser): void;
}

type ListLoad =
  | { kind: 'loading' }
  | { kind: 'idle' }
  | { kind: 'error'; error: ApiError }
  | { kind: 'loadingMore' }
  | { kind: 'moreError'; error: ApiError };

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

const ACK_ROLES = new Set(['responder', 'approver', 'admin']);

const NAV_LINKS: Record<NavScreen, { href: string; label: MessageKey }> = {
  queue: { href: '#/', label: 'nav.queue' },
  report: { href: '#/report', label: 'nav.report' },
  reports: { href: '#/reports', label: 'nav.myReports' },
  analytics: { href: '#/analytics', label: 'nav.analytics' },
  admin: { href: '#/admin/routing', label: 'nav.admin' },
};

/** Alerts only for the desk in view: another desk's breach is that desk's to answer. */
function alertConcerns(incident: IncidentSummary, filters: Filters): boolean {
  return matchesFilters(incident, { ...DEFAULT_FILTERS, status: 'all', desk: filters.desk });
}

export function Dashboard({ user, onSignedOut, onSessionEnded, onUserChanged }: Props) {
  const { t } = useT();
  const userRef = useRef(user);
  userRef.current = user;
  const userDefaults = useMemo(() => defaultFiltersFor(user), [user]);
  const [state, dispatch] = useReducer(queueReducer, userDefaults, initialQueueState);
  const [hashRoute, navigate] = useHashRoute();
  const route: Route = allowedRouteFor(hashRoute, user.roles);
  const canAcknowledge = user.roles.some((role) => ACK_ROLES.has(role));
  const [desks, setDesks] = useState<DeskOption[] | null>(null);
  const [alerts, setAlerts] = useState<SlaAlert[]>([]);
  const dismissedAlerts = useRef(new Set<string>());
  const [notificationKey, setNotificationKey] = useState(0);
  // Notifications marked read in one list (the bell, My reports): the other reads them again; the one
  // that marked has the API's answer already.
  const [readKey, setReadKey] = useState(0);
  const bellMarkedRead = useCallback(() => setReadKey((n) => n + 1), []);
  const reportsMarkedRead = useCallback(() => setNotificationKey((n) => n + 1), []);
  const filtersRef = useRef(state.filters);
  filtersRef.current = state.filters;
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [listLoad, setListLoad] = useState<ListLoad>({ kind: 'loading' });
  const [reloads, setReloads] = useState(0);
  const quietReload = useRef(false);
  const moreController = useRef<AbortController | null>(null);
  // `focus`: move focus into the panel (opened by click or Enter), not when j/k browse with it open.
  // The open incident is in the URL (#/incidents/<id>): a reload or a shared link opens it again.
  const [selected, setSelected] = useState<{ id: string; focus: boolean } | null>(() =>
    route.screen === 'queue' && route.incidentId ? { id: route.incidentId, focus: true } : null);
  const selectedId = selected?.id ?? null;
  const linkedId = route.screen === 'queue' ? route.incidentId ?? null : null;
  const onQueue = route.screen === 'queue';
  // A link opened, pasted or reached with back or forward opens its incident; the queue's own link closes it.
  useEffect(() => {
    if (linkedId) setSelected((current) => (current?.id === linkedId ? current : { id: linkedId, focus: true }));
    else if (onQueue) setSelected(null);
  }, [linkedId, onQueue]);
  // The panel, opened or closed, rewrites the link in place.
  useEffect(() => {
    if (onQueue) navigate(selectedId ? { screen: 'queue', incidentId: selectedId } : { screen: 'queue' }, { replace: true });
    // Only when the panel changes: a new link is read by the effect above.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId]);
  const [focusRequest, setFocusRequest] = useState<{ id: string; n: number } | null>(null);
  const [signingOut, setSigningOut] = useState(false);
  // Signing out closes this session's socket at the server too; that is not a session that ended.
  const signingOutRef = useRef(false);
  // SLA clocks count down in minutes; a quarter-minute tick keeps them true without churn.
  const now = useNow(15_000);
  const rows = useMemo(() => selectVisible(state), [state]);
  // On a phone the top bar wraps to as many rows as its links need; the incident panel opens below
  // what it really measures (--topbar-actual-h), not below a guess.
  const appRef = useRef<HTMLDivElement>(null);
  const topbarRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const topbar = topbarRef.current;
    const app = appRef.current;
    if (!topbar || !app || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => app.style.setProperty('--topbar-actual-h', `${Math.ceil(topbar.getBoundingClientRect().height)}px`));
    observer.observe(topbar);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    listDesks(controller.signal).then(
      (list) => setDesks(list.items),
      () => {
        // The filter still works with "All desks" and the user's own desk; names are a nicety.
      },
    );
    return () => controller.abort();
  }, []);

  const onLiveEvent = useCallback((event: LiveEvent) => {
    dispatch({ type: 'event', event });
    if (refreshesNotifications(event)) setNotificationKey((n) => n + 1);
    const alert = slaAlertFromEvent(event);
    if (alert && alertConcerns(event.incident, filtersRef.current)) {
      setAlerts((current) => addSlaAlert(current, alert, dismissedAlerts.current));
    }
  }, []);

  useEffect(() => {
    let firstReady = true;
    const live = connectLive({
      onEvent: onLiveEvent,
      onReady: (latestEventId) => {
        dispatch({ type: 'ready', latestEventId });
        if (firstReady) {
          // The first page may have been read before the socket joined; read it once more so
          // nothing that happened in between is missed.
          firstReady = false;
          quietReload.current = true;
          setReloads((n) => n + 1);
        }
      },
      onState: setConnection,
      onUnauthorized: () => {
        if (!signingOutRef.current) onSessionEnded();
      },
      // Only a session the API also refuses ends the dashboard; a refused handshake alone does not.
      checkSession: () => getSession().then((current) => current !== null, () => null),
      // An admin may have changed this user: the screens follow their roles and desk at once.
      onServerClosed: () => {
        getSession().then((current) => {
          if (current && accessChanged(userRef.current, current)) onUserChanged(current);
        }, () => undefined);
      },
    });
    return () => live.close();
  }, [onLiveEvent, onSessionEnded, onUserChanged]);

  useEffect(() => {
    const controller = new AbortController();
    const quiet = quietReload.current;
    quietReload.current = false;
    moreController.current?.abort();
    if (!quiet) setListLoad({ kind: 'loading' });
    listIncidents(filtersToQuery(state.filters), controller.signal).then(
      (list) => {
        dispatch({ type: 'pageLoaded', list, append: false });
        setListLoad({ kind: 'idle' });
      },
      (error: unknown) => {
        if (isAbort(error) || controller.signal.aborted) return;
        const apiError = asApiError(error);
        if (apiError.isUnauthorized) return onSessionEnded();
        if (!quiet) setListLoad({ kind: 'error', error: apiError });
      },
    );
    return () => controller.abort();
  }, [state.filters, reloads, onSessionEnded]);

  function loadMore() {
    if (!state.nextCursor) return;
    const controller = new AbortController();
    moreController.current = controller;
    setListLoad({ kind: 'loadingMore' });
    listIncidents(filtersToQuery(state.filters, state.nextCursor), controller.signal).then(
      (list) => {
        dispatch({ type: 'pageLoaded', list, append: true });
        setListLoad({ kind: 'idle' });
      },
      (error: unknown) => {
        if (isAbort(error) || controller.signal.aborted) return;
        const apiError = asApiError(error);
        if (apiError.isUnauthorized) return onSessionEnded();
        setListLoad({ kind: 'moreError', error: apiError });
      },
    );
  }

  const changeFilters = useCallback((filters: Filters) => dispatch({ type: 'filtersChanged', filters }), []);
  const onFlashDone = useCallback((incidentId: string) => dispatch({ type: 'flashDone', incidentId }), []);

  const openPanel = useCallback((id: string) => setSelected({ id, focus: true }), []);
  const movePanel = useCallback((id: string) => setSelected({ id, focus: false }), []);
  const closePanel = useCallback(() => {
    if (selectedId) setFocusRequest((previous) => ({ id: selectedId, n: (previous?.n ?? 0) + 1 }));
    setSelected(null);
  }, [selectedId]);

  useEffect(() => {
    if (!selectedId) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) closePanel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selectedId, closePanel]);

  async function doSignOut() {
    setSigningOut(true);
    signingOutRef.current = true;
    try {
      await signOut();
    } catch {
      // The session is gone from this browser's point of view either way.
    }
    onSignedOut();
  }

  const openIncident = useCallback((id: string) => {
    navigate({ screen: 'queue', incidentId: id });
    setSelected({ id, focus: true });
  }, [navigate]);
  const dismissAlert = useCallback((key: string) => {
    dismissedAlerts.current.add(key);
    setAlerts((current) => current.filter((alert) => alert.key !== key));
  }, []);
  const onIncidentChanged = useCallback((incident: IncidentSummary) => dispatch({ type: 'incidentChanged', incident }), []);

  // Only the desk narrows the view: the plain "nothing open" message, naming the desk.
  const onlyDeskFiltered = sameFilters({ ...state.filters, desk: '' }, DEFAULT_FILTERS);
  const deskName = state.filters.desk ? desks?.find((desk) => desk.id === state.filters.desk)?.name ?? t('queue.thisDesk') : null;
  const priorityCounts = PRIORITIES.map((priority) => ({
    priority,
    count: rows.filter((row) => row.priority === priority).length,
  }));

  return (
    <div className="app" ref={appRef}>
      <header className="topbar" ref={topbarRef}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>Sitroom</span>
        </div>
        <nav className="topnav" aria-label={t('nav.label')}>
          {navScreens(user.roles).map((screen) => (
            <a key={screen} href={NAV_LINKS[screen].href} aria-current={route.screen === screen ? 'page' : undefined}>
              {t(NAV_LINKS[screen].label)}
            </a>
          ))}
        </nav>
        <LanguageSwitch />
        <ConnectionStatus state={connection} />
        <NotificationBell refreshKey={notificationKey} now={now} onOpenIncident={openIncident} onUnauthorized={onSessionEnded} onMarkedRead={bellMarkedRead} />
        <div className="topbar-account">
          <div className="topbar-user">
            <span className="user-name">{user.name}</span>
            <span className="user-org">{user.organisationName}</span>
          </div>
          <button type="button" className="button button-on-dark" onClick={doSignOut} disabled={signingOut}>
            {signingOut ? t('nav.signingOut') : t('nav.signOut')}
          </button>
        </div>
      </header>

      <SlaAlerts alerts={alerts} onOpen={openIncident} onDismiss={dismissAlert} />

      {route.screen === 'admin' ? (
        <AdminPage section={route.section} onUnauthorized={onSessionEnded} />
      ) : route.screen === 'report' ? (
        <main className="page-area">
          <ReportForm user={user} onUnauthorized={onSessionEnded} />
        </main>
      ) : route.screen === 'reports' ? (
        <main className="page-area">
          <MyReports user={user} onUnauthorized={onSessionEnded} notificationsKey={readKey} onNotificationsRead={reportsMarkedRead} />
        </main>
      ) : route.screen === 'analytics' ? (
        <main className="page-area">
          <Suspense fallback={<p role="status">{t('nav.loadingAnalytics')}</p>}>
            <AnalyticsScreen user={user} onUnauthorized={onSessionEnded} />
          </Suspense>
        </main>
      ) : (
      <div className={`workspace${selectedId ? ' has-panel' : ''}`}>
        <main className="queue-area" aria-labelledby="queue-heading">
          <div className="queue-head">
            <h1 id="queue-heading">{t('queue.heading')}</h1>
            {state.loaded && (
              <p className="queue-summary">
                <span>{t(rows.length === 1 ? 'queue.countOne' : 'queue.countMany', { count: rows.length })}</span>
                {priorityCounts
                  .filter(({ count }) => count > 0)
                  .map(({ priority, count }) => (
                    <span key={priority} className={`summary-chip priority-${priority.toLowerCase()}-text`}>
                      {`${priority}: ${count}`}
                    </span>
                  ))}
                {state.nextCursor && <span className="muted">{t('queue.moreBelow')}</span>}
              </p>
            )}
          </div>
          <QueueFilters filters={state.filters} desks={desks} onChange={changeFilters} />

          {listLoad.kind === 'loading' && !state.loaded ? (
            <div className="queue-state" role="status" aria-busy="true">
              <span className="spinner" aria-hidden="true" />
              {t('queue.loading')}
            </div>
          ) : listLoad.kind === 'error' ? (
            <div className="queue-state notice notice-error" role="alert">
              <p>
                <strong>{t('queue.loadFailed')}</strong> {listLoad.error.message}
              </p>
              <button type="button" className="button" onClick={() => setReloads((n) => n + 1)}>
                {t('queue.retry')}
              </button>
            </div>
          ) : rows.length === 0 && listLoad.kind !== 'loading' ? (
            <div className="queue-state empty-state">
              {onlyDeskFiltered ? (
                <>
                  <p>
                    {t('queue.noOpen')}
                    {deskName && <> <ShowingDesk template={t('queue.showingDesk')} desk={deskName} /></>}
                    {` ${t('queue.appearHere')}`}
                  </p>
                  {deskName && (
                    <button type="button" className="button" onClick={() => changeFilters(DEFAULT_FILTERS)}>
                      {t('queue.showAllDesks')}
                    </button>
                  )}
                </>
              ) : (
                <>
                  <p>{t('queue.noMatch')}</p>
                  <button type="button" className="button" onClick={() => changeFilters(DEFAULT_FILTERS)}>
                    {t('queue.showAllOpen')}
                  </button>
                </>
              )}
            </div>
          ) : (
            <>
              {listLoad.kind === 'loading' && (
                <p className="queue-refreshing muted" role="status">
                  {t('queue.updating')}
                </p>
              )}
              <QueueTable
                rows={rows}
                flashes={state.flashes}
                breached={state.breached}
                selectedId={selectedId}
                now={now}
                onOpen={openPanel}
                onMove={movePanel}
                onFlashDone={onFlashDone}
                focusRequest={focusRequest}
              />
              {listLoad.kind === 'moreError' && (
                <div className="notice notice-error" role="alert">
                  {listLoad.error.message}
                </div>
              )}
              {state.nextCursor && (
                <div className="load-more">
                  <button type="button" className="button" onClick={loadMore} disabled={listLoad.kind === 'loadingMore'}>
                    {listLoad.kind === 'loadingMore' ? t('common.loading') : t('common.loadMore')}
                  </button>
                </div>
              )}
            </>
          )}
        </main>

        {selected && selectedId && (
          <IncidentPanel
            key={selectedId}
            incidentId={selectedId}
            takeFocus={selected.focus}
            summary={state.known[selectedId]}
            slaBreached={Boolean(state.breached[selectedId])}
            now={now}
            canAcknowledge={canAcknowledge}
            onClose={closePanel}
            onUnauthorized={onSessionEnded}
            onChanged={onIncidentChanged}
            user={user}
          />
        )}
      </div>
      )}
    </div>
  );
}

/** "Showing <strong>Results desk</strong> only." with the desk's name in bold wherever the language puts it. */
function ShowingDesk({ template, desk }: { template: string; desk: string }) {
  const [before, after = ''] = template.split('{desk}');
  return (
    <>
      {before}
      <strong>{desk}</strong>
      {after}
    </>
  );
}
