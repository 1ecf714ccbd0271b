import { useCallback, useEffect, useId, useState, type ReactNode } from 'react';
import type { ErrorDetail } from '@sitroom/core';
import { asApiError as toApiError, type ApiError } from '../../api.ts';

export { asApiError } from '../../api.ts';
import { errorsFromApi, validate, type FieldErrors, type Schema } from '../../form-errors.ts';
import { humanize } from '../../format.ts';
import { useT } from '../../i18n/index.ts';
import type { Translate } from '../../i18n/translate.ts';

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

/** The loading state, its failure with a retry, or `children` with the data: what `useLoad` has, on screen. */
export function Loadable<T>({ load, what, failed, children }: {
  load: { state: Loaded<T>; reload(): void };
  /** For LoadingState: "routing rules". */
  what: string;
  /** For LoadError: "The desks could not be loaded." */
  failed: string;
  children(data: T): ReactNode;
}) {
  const { state } = load;
  if (state.kind === 'loading') return <LoadingState what={what} />;
  if (state.kind === 'error') return <LoadError message={failed} error={state.error} onRetry={load.reload} />;
  return <>{children(state.data)}</>;
}

/** A column's header: its text, or its text and a class ("num" right-aligns a number). */
export type Column = string | { label: string; className: string };

interface AdminTableProps<R> {
  rows: readonly R[];
  /** Said instead of an empty table. */
  empty: string;
  columns: readonly Column[];
  /** The table's classes: "admin-table" unless told. */
  className?: string;
  testId?: string;
  /** A row: a `<tr>` with its key. */
  children(row: R): ReactNode;
}

/** Rows under one header a column, scrolling sideways on a narrow screen; a note when there are none. */
export function AdminTable<R>({ rows, empty, columns, className = 'admin-table', testId, children }: AdminTableProps<R>) {
  if (rows.length === 0) return <p className="empty-note">{empty}</p>;
  return (
    <div className="table-wrap">
      <table className={className} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((column, index) =>
              typeof column === 'string' ? (
                <th key={index} scope="col">{column}</th>
              ) : (
                <th key={index} scope="col" className={column.className}>{column.label}</th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{rows.map((row) => children(row))}</tbody>
      </table>
    </div>
  );
}

/**
 * Loadable and AdminTable in one: the loading state, its failure, the empty note or the table. `rows` picks
 * the rows from the data; without it the data is the rows (R is then its element type, `never` if it is no list).
 */
export function LoadedTable<T, R = T extends readonly (infer E)[] ? E : never>({ load, rows, what, failed, ...table }: {
  load: { state: Loaded<T>; reload(): void };
  rows?(data: T): readonly R[];
  what: string;
  failed: string;
} & Omit<AdminTableProps<R>, 'rows'>) {
  return (
    <Loadable load={load} what={what} failed={failed}>
      {(data) => <AdminTable rows={rows ? rows(data) : (data as unknown as readonly R[])} {...table} />}
    </Loadable>
  );
}

/**
 * A form's sending: its errors by field, its failure that belongs to no field, whether it is being sent, and
 * what the last send did. `send` checks the value with the API's schema, then runs `action`, which calls the
 * API and answers what it did ("Desk created.") or null. A 401 signs out; a 409 (a duplicate) is the
 * `conflict` field's error; a 400's details go beside their fields. With `t`, messages are the catalogue's.
 */
export function useFormSubmit({ onUnauthorized, t, conflict }: { onUnauthorized(): void; t?: Translate; conflict?: string }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function send<T>(schema: Schema<T>, value: unknown, action: (data: T) => Promise<string | null>) {
    setDone(null);
    setFormError(null);
    const checked = validate(schema, value, t);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setPending(true);
    try {
      setDone(await action(checked.data));
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.isUnauthorized) return onUnauthorized();
      if (conflict && apiError.status === 409) setErrors({ [conflict]: apiError.message });
      else {
        setErrors(errorsFromApi(apiError, t));
        setFormError(apiError.message);
      }
    } finally {
      setPending(false);
    }
  }

  /** Says `message` where a send says what it did, sending nothing ("Nothing changed."). */
  function tell(message: string) {
    setFormError(null);
    setDone(message);
  }

  return { errors, formError, pending, done, send, tell };
}

/** A form's footer: the submit button (`pendingLabel` while the form is sent), any other buttons, and what the last submit did. */
export function FormActions({ label, pendingLabel, pending, done, children }: {
  label: string;
  pendingLabel: string;
  pending: boolean;
  done?: string | false | null;
  children?: ReactNode;
}) {
  return (
    <div className="form-actions">
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? pendingLabel : label}
      </button>
      {children}
      {done && <p className="form-success" role="status">{done}</p>}
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
