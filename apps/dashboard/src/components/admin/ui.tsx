import { useCallback, useEffect, useId, useState, type ReactNode } from 'react';
import type { ErrorDetail } from '@sitroom/core';
import { asApiError as toApiError, type ApiError } from '../../api.ts';

export { asApiError } from '../../api.ts';
import { humanize } from '../../format.ts';
import { useT } from '../../i18n/index.ts';

export type Loaded<T> = { kind: 'loading' } | { kind: 'error'; error: ApiError } | { kind: 'loaded'; data: T };

/** Loads once on mount and again on `reload()`; the data stays on screen while it reloads. */
export function useLoad<T>(loader: (signal: AbortSignal) => Promise<T>, onUnauthorized: () => void) {
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' });
  const [reloads, setReloads] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    loader(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ kind: 'loaded', data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = toApiError(error);
        if (apiError.isUnauthorized) return onUnauthorized();
        setState({ kind: 'error', error: apiError });
      },
    );
    return () => controller.abort();
    // `loader` is expected to be stable (a module function or a useCallback).
  }, [loader, reloads, onUnauthorized]);
  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const replace = useCallback((data: T) => setState({ kind: 'loaded', data }), []);
  return { state, reload, replace };
}

/** "Loading routing rules…": `what` is already in the reader's language. */
export function LoadingState({ what }: { what: string }) {
  const { t } = useT();
  return (
    <div className="queue-state" role="status" aria-busy="true">
      <span className="spinner" aria-hidden="true" />
      {t('admin.loading', { what })}
    </div>
  );
}

/** `message`: "The desks could not be loaded.", in the reader's language; the API's own message follows it. */
export function LoadError({ message, error, onRetry }: { message: string; error: ApiError; onRetry(): void }) {
  const { t } = useT();
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>{message}</strong> {error.message}
      </p>
      <button type="button" className="button" onClick={onRetry}>
        {t('admin.retry')}
      </button>
    </div>
  );
}

/** A form's failure that belongs to no one field: the message, and any details no field shows. */
export function FormError({ message, details = [] }: { message: string | null; details?: ErrorDetail[] }) {
  if (!message && details.length === 0) return null;
  return (
    <div className="notice notice-error form-error" role="alert">
      {message && <p>{message}</p>}
      {details.length > 0 && (
        <ul>
          {details.map((detail) => (
            <li key={detail.path}>{`${humanize(detail.path.replace(/\./g, ' '))}: ${detail.message}`}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: string;
  className?: string;
  children(props: { id: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined }): ReactNode;
}

/** A labelled control with its hint and its error (the schema's message, as the API would say it). */
export function Field({ label, error, hint, className, children }: FieldProps) {
  const id = useId();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described })}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A group of checkboxes (several values from a fixed list) with one legend and one error. */
export function CheckboxGroup<T extends string>({
  legend, options, selected, onChange, error, label = humanize,
}: {
  legend: string;
  options: readonly T[];
  selected: readonly T[];
  onChange(values: T[]): void;
  error?: string | undefined;
  label?(value: T): string;
}) {
  const id = useId();
  return (
    <fieldset className="checkbox-group" aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      <div className="checkbox-options">
        {options.map((option) => (
          <label key={option} className="checkbox">
            <input
              type="checkbox"
              checked={selected.includes(option)}
              onChange={(event) =>
                onChange(event.target.checked ? [...selected, option] : selected.filter((value) => value !== option))
              }
            />
            {label(option)}
          </label>
        ))}
      </div>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
