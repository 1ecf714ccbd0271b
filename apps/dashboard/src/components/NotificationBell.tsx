import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { asApiError, listNotifications, markNotificationsRead } from '../api.ts';
import { formatAge, formatDateTime } from '../format.ts';
import { isUnread, notificationKindLabel, withRead, withoutRead, type NotificationList } from '../notifications.ts';
import { useT } from '../i18n/index.ts';
import { notificationMessage } from '../server-text.ts';

interface Props {
  /** Changes when an event may have brought new notifications. */
  refreshKey: number;
  now: number;
  onOpenIncident(id: string): void;
  onUnauthorized(): void;
  /** Called once the API has marked notifications read here, so other lists of them can follow. */
  onMarkedRead?(): void;
}

const REFRESH_DELAY_MS = 400;

export function NotificationBell({ refreshKey, now, onOpenIncident, onUnauthorized, onMarkedRead }: Props) {
  const id = useId();
  const { t, language } = useT();
  const [list, setList] = useState<NotificationList | null>(null);
  const items = list?.items ?? null;
  const [error, setError] = useState<string | null>(null);
  const [markError, setMarkError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  // How many unread counts the API has sent: a refused marking gives its count back only if none came since.
  const serverCounts = useRef(0);

  const load = useCallback((signal: AbortSignal) => {
    listNotifications(signal).then(
      (loaded) => {
        serverCounts.current++;
        setList(loaded);
        setError(null);
      },
      (caught: unknown) => {
        if (signal.aborted) return;
        const apiError = asApiError(caught);
        if (apiError.isUnauthorized) return onUnauthorized();
        setError(apiError.message);
      },
    );
  }, [onUnauthorized]);

  // Bursts of events refresh once.
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => load(controller.signal), refreshKey === 0 ? 0 : REFRESH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [refreshKey, load]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      setOpen(false);
      buttonRef.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  // Marked read here at once, then at the API; if the API refuses, shown unread again, with why.
  // Only what this marking changed is undone: a refresh or another marking may have come in between.
  const markRead = useCallback((which: readonly string[] | 'all') => {
    if (!list) return;
    const at = new Date().toISOString();
    const marked = withRead(list, which, at);
    const taken = list.unread - marked.unread;
    const countsBefore = serverCounts.current;
    setList(marked);
    setMarkError(null);
    markNotificationsRead(which).then(
      (result) => {
        serverCounts.current++;
        setList((current) => current && { ...current, unread: result.unread });
        onMarkedRead?.();
      },
      (caught: unknown) => {
        const apiError = asApiError(caught);
        if (apiError.isUnauthorized) return onUnauthorized();
        setList((current) => current && withoutRead(current, at, serverCounts.current === countsBefore ? taken : 0));
        setMarkError(apiError.message);
      },
    );
  }, [list, onUnauthorized, onMarkedRead]);

  const unread = list?.unread ?? 0;
  const label = unread > 0 ? t('notif.unreadLabel', { count: unread }) : t('notif.label');

  return (
    <div className="bell" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button button-on-dark bell-button"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-label={label}
        data-testid="notification-bell"
        onClick={() => setOpen((value) => !value)}
      >
        <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread > 0 && (
          <span className="bell-count" aria-hidden="true" data-testid="notification-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div className="bell-popover" id={`${id}-list`} role="region" aria-label={t('notif.label')}>
          <div className="bell-head">
            <p className="bell-title">{t('notif.label')}</p>
            {unread > 0 && (
              <button type="button" className="button button-ghost button-small" data-testid="notifications-mark-all" onClick={() => {
                  markRead('all');
                  // The button goes with the last unread notification: focus stays in the bell.
                  buttonRef.current?.focus();
                }}>
                {t('notif.markAllRead')}
              </button>
            )}
          </div>
          {error && <p className="field-error" role="alert">{t('notif.loadFailed', { message: error })}</p>}
          {markError && <p className="field-error" role="alert">{t('notif.markFailed', { message: markError })}</p>}
          {items === null && !error ? (
            <p className="muted" role="status">{t('common.loading')}</p>
          ) : items && items.length === 0 ? (
            <p className="muted">{t('notif.empty')}</p>
          ) : (
            <ul className="bell-list">
              {items?.map((item) => {
                const unreadItem = isUnread(item);
                return (
                  <li key={item.id} className={unreadItem ? 'is-unread' : undefined} data-notification-id={item.id}>
                    <button
                      type="button"
                      className="bell-item"
                      disabled={!item.incidentId}
                      onClick={() => {
                        if (unreadItem) markRead([item.id]);
                        setOpen(false);
                        if (item.incidentId) onOpenIncident(item.incidentId);
                      }}
                    >
                      <span className="bell-kind">
                        {notificationKindLabel(t, item.kind)}
                        {unreadItem && <span className="visually-hidden">{` ${t('notif.unread')}`}</span>}
                      </span>
                      <span className="bell-message">{notificationMessage(t, item.message)}</span>
                      <time className="muted" dateTime={item.createdAt} title={formatDateTime(language, item.createdAt)}>
                        {formatAge(t, item.createdAt, now)}
                      </time>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
