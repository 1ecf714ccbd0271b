import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { OwnReportView, SessionUser } from '@sitroom/core';
import { asApiError, markNotificationsRead } from '../../api.ts';
import { labelOf, useT, type MessageKey } from '../../i18n/index.ts';
import type { ConnectionState } from '../../live.ts';
import { REPORTER_NOTIFICATION_KINDS, listOwnReports, listReporterNotifications, type ReporterNotification } from '../../reporter-api.ts';
import { domPrefix } from './FieldRow.tsx';
import { newlyAnswered } from './my-reports-model.ts';
import { notificationMessage } from '../../server-text.ts';
import { withRead } from '../../notifications.ts';
import { useOrganisationLive } from './use-organisation-live.ts';
import { coalesced } from '../../coalesce.ts';

const PAGE = 20;
const MAX_PAGE = 200;
/** At most one re-read of the list this often while live events keep coming. */
const LIVE_REFRESH_MS = 2_000;

const LIVE_LABEL: Record<ConnectionState, MessageKey> = {
  connecting: 'live.connecting',
  live: 'live.live',
  reconnecting: 'live.reconnecting',
  offline: 'live.offline',
};

/**
 * "My organisation's reports": what it filed, how far each got, and the electoral body's answer once
 * published. Refetches when the socket says an incident of the organisation changed, so an answer
 * appears without a reload; also lists the user's notifications. An ended session calls `onUnauthorized`.
 */
export function MyReports({ user, onUnauthorized, notificationsKey = 0, onNotificationsRead }: {
  user: SessionUser;
  onUnauthorized(): void;
  /** Changes when notifications were marked read elsewhere (the header's bell): the list is read again. */
  notificationsKey?: number;
  /** Called once the API has marked this list's notifications read, so the bell can follow. */
  onNotificationsRead?(): void;
}) {
  const { t, formatTime } = useT();
  const prefix = domPrefix(useId(), 'mine');
  const [items, setItems] = useState<OwnReportView[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [notifications, setNotifications] = useState<ReporterNotification[]>([]);
  const [markError, setMarkError] = useState<string | null>(null);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const generation = useRef(0);
  // Through a ref, so a new callback from the parent does not reload the list.
  const unauthorized = useRef(onUnauthorized);
  unauthorized.current = onUnauthorized;

  /** Reloads everything shown so far (as many rows as are loaded), so "Load more" pages stay in place. */
  const refresh = useCallback(async (announce: boolean) => {
    const mine = ++generation.current;
    const limit = Math.min(MAX_PAGE, Math.max(PAGE, itemsRef.current.length));
    try {
      const [page, notes] = await Promise.all([
        listOwnReports({ limit }),
        // The list still shows when only the notifications fail, unless the session has ended.
        listReporterNotifications().catch((caught: unknown) => {
          if (asApiError(caught).isUnauthorized) throw caught;
          return null;
        }),
      ]);
      if (mine !== generation.current) return;
      const answered = newlyAnswered(itemsRef.current, page.items);
      setItems(page.items);
      setNextCursor(page.nextCursor);
      setError(null);
      if (notes) setNotifications(notes.items.filter((n) => (REPORTER_NOTIFICATION_KINDS as readonly string[]).includes(n.kind)));
      if (announce && answered.length > 0) {
        setFresh(new Set(answered));
        setAnnouncement(t('mine.answerArrived'));
      }
    } catch (caught) {
      if (mine !== generation.current) return;
      const apiError = asApiError(caught);
      if (apiError.isUnauthorized) unauthorized.current();
      else setError(t('mine.loadFailed', { message: apiError.message }));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [t]);

  useEffect(() => {
    void refresh(false);
  }, [refresh, user.organisationId]);

  const seenNotificationsKey = useRef(notificationsKey);
  useEffect(() => {
    if (seenNotificationsKey.current === notificationsKey) return;
    seenNotificationsKey.current = notificationsKey;
    void refresh(false);
  }, [notificationsKey, refresh]);

  // The highlight of a just-answered report fades after a while; the announcement stays for screen readers.
  useEffect(() => {
    if (fresh.size === 0) return;
    const timer = setTimeout(() => setFresh(new Set()), 8_000);
    return () => clearTimeout(timer);
  }, [fresh]);

  // The answers listed here, marked read at once and then at the API; shown unread again if it refuses.
  const unread = notifications.filter((note) => !note.readAt);
  const markRead = () => {
    const ids = unread.map((note) => note.id);
    const at = new Date().toISOString();
    setMarkError(null);
    setNotifications((current) => withRead({ items: current, unread: 0 }, ids, at).items);
    markNotificationsRead(ids).then(() => onNotificationsRead?.(), (caught: unknown) => {
      setNotifications((current) => current.map((note) => (ids.includes(note.id) && note.readAt === at ? { ...note, readAt: null } : note)));
      const apiError = asApiError(caught);
      if (apiError.isUnauthorized) unauthorized.current();
      else setMarkError(apiError.message);
    });
  };

  // Live events re-read the list: the first at once, a burst of them as one read every 2 s.
  const liveRefresh = useMemo(() => coalesced(() => void refresh(true), LIVE_REFRESH_MS), [refresh]);
  useEffect(() => () => liveRefresh.cancel(), [liveRefresh]);
  const liveState = useOrganisationLive((event) => {
    if (event === null || event.type === 'incident.updated' || event.type === 'report.added') liveRefresh.request();
  }, () => unauthorized.current());

  async function loadMore() {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await listOwnReports({ limit: PAGE, cursor: nextCursor });
      setItems((current) => [...current, ...page.items.filter((item) => !current.some((c) => c.id === item.id))]);
      setNextCursor(page.nextCursor);
    } catch (caught) {
      const apiError = asApiError(caught);
      if (apiError.isUnauthorized) unauthorized.current();
      else setError(t('mine.loadFailed', { message: apiError.message }));
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <section className="reporter-card my-reports" aria-labelledby={`${prefix}-title`}>
      <div className="section-head">
        <h2 id={`${prefix}-title`}>{t('mine.title')}</h2>
        <span className={`connection connection-${liveState}`} data-testid="reporter-live-state">
          <span className="connection-dot" aria-hidden="true" />
          {t(LIVE_LABEL[liveState])}
        </span>
      </div>
      <div role="status" aria-live="polite" className="visually-hidden" data-testid="mine-announcement">
        {announcement}
      </div>
      {error && (
        <div className="notice notice-error" role="alert">
          <p>{error}</p>
          <button type="button" className="button" onClick={() => void refresh(false)}>{t('common.reload')}</button>
        </div>
      )}

      <div className="my-reports-layout">
        <div className="my-reports-list">
          {loading ? (
            <p className="muted" role="status">{t('common.loading')}</p>
          ) : items.length === 0 && !error ? (
            <p className="empty-state">{t('mine.empty')}</p>
          ) : (
            <ol className="own-reports" data-testid="own-reports">
              {items.map((report) => (
                <li key={report.id} className={`own-report${fresh.has(report.id) ? ' own-report-fresh' : ''}`} data-testid="own-report" data-report-id={report.id}>
                  <p className="own-claim">{report.access === 'restricted' ? t('mine.restricted') : report.claim}</p>
                  <p className="own-filed muted"><time dateTime={report.receivedAt}>{t('mine.filed', { time: formatTime(report.receivedAt) })}</time></p>
                  <dl className="own-meta">
                    <div>
                      <dt>{t('mine.reportStatus')}</dt>
                      <dd><span className={`pill pill-${report.status}`} data-testid="own-report-status">{labelOf(t, 'reportStatus', report.status)}</span></dd>
                    </div>
                    <div>
                      <dt>{t('mine.incidentStatus')}</dt>
                      <dd>
                        <span className={`pill pill-incident-${report.incidentStatus ?? 'none'}`} data-testid="own-incident-status">
                          {labelOf(t, 'incidentStatus', report.incidentStatus ?? 'none')}
                        </span>
                      </dd>
                    </div>
                    <div>
                      <dt>{t('report.tlp')}</dt>
                      <dd><span className={`tlp-tag tlp-${report.tlp}`}>{t(`tlp.${report.tlp}`)}</span></dd>
                    </div>
                  </dl>
                  {report.answer ? (
                    <div className="own-answer" data-testid="own-answer" lang={report.answer.language}>
                      <h3>{t('mine.answer')}</h3>
                      <p className="own-answer-meta">
                        <span className={`verdict verdict-${report.answer.verdict}`} data-testid="own-answer-verdict">{labelOf(t, 'verdict', report.answer.verdict)}</span>
                        {' · '}
                        <time dateTime={report.answer.publishedAt}>{formatTime(report.answer.publishedAt)}</time>
                      </p>
                      <p className="own-answer-text">{report.answer.text}</p>
                    </div>
                  ) : (
                    <p className="muted own-no-answer">{t('mine.noAnswer')}</p>
                  )}
                </li>
              ))}
            </ol>
          )}
          {nextCursor && (
            <button type="button" className="button load-more" onClick={() => void loadMore()} disabled={loadingMore}>
              {loadingMore ? t('common.loading') : t('common.loadMore')}
            </button>
          )}
        </div>

        <aside className="reporter-notifications" aria-labelledby={`${prefix}-notes`} data-testid="reporter-notifications">
          <div className="reporter-notifications-head">
            <h3 id={`${prefix}-notes`}>{t('mine.notifications')}</h3>
            {unread.length > 0 && (
              <button type="button" className="button button-ghost button-small" data-testid="reporter-notifications-mark-read" onClick={markRead}>
                {t('notif.markAllRead')}
              </button>
            )}
          </div>
          {markError && <p className="field-error" role="alert">{t('notif.markFailed', { message: markError })}</p>}
          {notifications.length === 0 ? (
            <p className="muted">{t('mine.noNotifications')}</p>
          ) : (
            <ul>
              {notifications.map((note) => (
                <li key={note.id} data-testid="reporter-notification" className={note.readAt ? '' : 'unread'}>
                  <p>
                    {notificationMessage(t, note.message)}
                    {!note.readAt && <span className="visually-hidden">{` ${t('notif.unread')}`}</span>}
                  </p>
                  <time dateTime={note.createdAt} className="muted">{formatTime(note.createdAt)}</time>
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>
    </section>
  );
}
