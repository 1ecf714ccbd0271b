import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, asApiError } from '../../api.ts';

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
  /** "response times": used in "Loading response times…" and "Could not load response times". */
  what: string;
  children(data: T): ReactNode;
}

/** The loading, error (with retry) and loaded states of one section, the same everywhere on the page. */
export function Loadable<T>({ resource, what, children }: LoadableProps<T>) {
  const { state, retry } = resource;
  if (state.status === 'loading') {
    return (
      <p className="analytics-state" role="status">
        <span className="spinner" aria-hidden="true" /> Loading {what}…
      </p>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="notice notice-error analytics-error" role="alert">
        <p>
          Could not load {what}. {state.error.message}
        </p>
        <button type="button" className="button button-small" onClick={retry}>
          Try again
        </button>
      </div>
    );
  }
  return (
    <>
      {state.refreshError && (
        <p className="analytics-stale no-print" role="status">
          Showing earlier figures: the latest update failed ({state.refreshError.message}).{' '}
          <button type="button" className="link-button" onClick={retry}>
            Reload
          </button>
        </p>
      )}
      {children(state.data)}
    </>
  );
}

interface CsvButtonProps {
  /** Said after "Download CSV" to screen readers, so each button on the page has its own name. */
  of: string;
  download(): Promise<void> | void;
  disabled?: boolean;
}

/** "Download CSV" with its own busy and error states. */
export function CsvButton({ of, download, disabled }: CsvButtonProps) {
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
        {busy ? 'Preparing…' : 'Download CSV'}
        <span className="visually-hidden"> of {of}</span>
      </button>
      {error && (
        <span className="field-error" role="alert">
          Download failed: {error}
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
