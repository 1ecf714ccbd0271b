import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, asApiError } from '../../api.ts';
import { useT } from '../../i18n/index.ts';

export type Resource<T> =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; data: T; refreshing: boolean; refreshError: ApiError | null };

export interface ResourceHandle<T> {
  state: Resource<T>;
  /** Load again, showing the loading state (after an error). */
  retry(): void;
  /** Load again in the background, keeping the figures on screen until the new ones arrive (live updates). */
  refresh(): void;
}

/**
 * One API read that reloads when `key` changes; a reload for the same key (live refresh) keeps the
 * old figures on screen, and a failed background refresh keeps them too, with the error beside them.
 */
export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>, onUnauthorized?: () => void): ResourceHandle<T> {
  const [state, setState] = useState<Resource<T>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  const silent = useRef(false);
  const loadRef = useRef(load);
  const unauthorizedRef = useRef(onUnauthorized);
  useEffect(() => {
    loadRef.current = load;
    unauthorizedRef.current = onUnauthorized;
  });

  useEffect(() => {
    const controller = new AbortController();
    const background = silent.current;
    silent.current = false;
    setState((prev) => (background && prev.status === 'ready' ? { ...prev, refreshing: true } : { status: 'loading' }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data, refreshing: false, refreshError: null });
      },
      (caught: unknown) => {
        if (controller.signal.aborted) return;
        const error = asApiError(caught);
        if (error.isUnauthorized) unauthorizedRef.current?.();
        setState((prev) => (background && prev.status === 'ready' ? { ...prev, refreshing: false, refreshError: error } : { status: 'error', error }));
      },
    );
    return () => controller.abort();
  }, [key, tick]);

  const retry = useCallback(() => setTick((t) => t + 1), []);
  const refresh = useCallback(() => {
    silent.current = true;
    setTick((t) => t + 1);
  }, []);
  return { state, retry, refresh };
}

interface LoadableProps<T> {
  resource: ResourceHandle<T>;
  /** "response times", already translated: used in "Loading response times…" and "Could not load response times". */
  what: string;
  children(data: T): ReactNode;
}

/** The loading, error (with retry) and loaded states of one section, the same everywhere on the page. */
export function Loadable<T>({ resource, what, children }: LoadableProps<T>) {
  const { state, retry } = resource;
  const { t } = useT();
  if (state.status === 'loading') {
    return (
      <p className="analytics-state" role="status">
        <span className="spinner" aria-hidden="true" /> {t('an.loading', { what })}
      </p>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="notice notice-error analytics-error" role="alert">
        <p>{t('an.loadFailed', { what, message: state.error.message })}</p>
        <button type="button" className="button button-small" onClick={retry}>
          {t('an.tryAgain')}
        </button>
      </div>
    );
  }
  return (
    <>
      {state.refreshError && (
        <p className="analytics-stale no-print" role="status">
          {t('an.stale', { message: state.refreshError.message })}{' '}
          <button type="button" className="link-button" onClick={retry}>
            {t('an.reload')}
          </button>
        </p>
      )}
      {children(state.data)}
    </>
  );
}

interface CsvButtonProps {
  /** Said after "Download CSV" to screen readers (translated), so each button on the page has its own name. */
  of: string;
  download(): Promise<void> | void;
  disabled?: boolean;
}

/** "Download CSV" with its own busy and error states. */
export function CsvButton({ of, download, disabled }: CsvButtonProps) {
  const { t } = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onClick = async () => {
    setBusy(true);
    setError(null);
    try {
      await download();
    } catch (caught) {
      setError(asApiError(caught).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="csv-button no-print">
      <button type="button" className="button button-small" onClick={onClick} disabled={busy || disabled}>
        {busy ? t('an.csvPreparing') : t('an.csv')}
        <span className="visually-hidden">{` ${t('an.csvOf', { what: of })}`}</span>
      </button>
      {error && (
        <span className="field-error" role="alert">
          {t('an.csvFailed', { message: error })}
        </span>
      )}
    </span>
  );
}

/** A table that scrolls sideways on a phone, reachable by keyboard, named for screen readers. */
export function TableWrap({ label, tall = false, children }: { label: string; tall?: boolean; children: ReactNode }) {
  return (
    // Focusable so a keyboard user can scroll a wide (or tall) table.
    <div className={`analytics-table-wrap${tall ? ' analytics-table-wrap-tall' : ''}`} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
