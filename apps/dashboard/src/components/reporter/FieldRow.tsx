import type { ReactNode, RefObject } from 'react';
import { useT } from '../../i18n/index.ts';
import { fieldDomId, messageText, type FieldErrors } from './field-issues.ts';

export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** A label, a control, its hint and its error; the control is described by both, so screen readers read them. */
export function FieldRow({ prefix, field, label, required, hint, errors, className, children }: {
  prefix: string;
  field: string;
  label: string;
  /** Marked with a star for the eye; the control's own `required` tells assistive technology. */
  required?: boolean;
  hint?: string | undefined;
  errors: FieldErrors;
  className?: string;
  children: (props: ControlProps) => ReactNode;
}) {
  const { t } = useT();
  const id = fieldDomId(prefix, field);
  const error = errors[field];
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${className ?? ''}`.trim()} data-field={field}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required-mark" aria-hidden="true"> *</span>}
      </label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId} data-testid={`error-${field}`}>
          {messageText(t, error)}
        </p>
      )}
    </div>
  );
}

/** The list of problems at the top of a form: each links to its field. */
export function ErrorSummary({ prefix, errors, labels, summaryRef, testId }: {
  prefix: string;
  errors: FieldErrors;
  labels: (field: string) => string;
  summaryRef: RefObject<HTMLDivElement | null>;
  testId: string;
}) {
  const { t } = useT();
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div className="notice notice-error error-summary" tabIndex={-1} ref={summaryRef} data-testid={testId}>
      <p>{entries.length === 1 ? t('common.errorsOne') : t('common.errorsMany', { count: entries.length })}</p>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            {field === '(form)' ? (
              messageText(t, message)
            ) : (
              <a href={`#${fieldDomId(prefix, field)}`} onClick={(event) => {
                event.preventDefault();
                document.getElementById(fieldDomId(prefix, field))?.focus();
              }}>
                {labels(field)}: {messageText(t, message)}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A stable DOM id prefix from React's `useId` (whose colons would need escaping in selectors). */
export function domPrefix(reactId: string, name: string): string {
  return `${name}${reactId.replace(/[^A-Za-z0-9]/g, '')}`;
}

/** A random id even outside a secure context (crypto.randomUUID needs one; getRandomValues does not). */
export function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
