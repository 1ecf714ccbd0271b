import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ReportAccepted, SessionUser } from '@sitroom/core';
import { ApiError, asApiError } from '../../api.ts';
import { createDraftStore, reportDraftKey, type DraftStore } from '../../draft-store.ts';
import { labelOf, useT, type MessageKey } from '../../i18n/index.ts';
import { fileReport } from '../../reporter-api.ts';
import { ErrorSummary, FieldRow, domPrefix, randomId } from './FieldRow.tsx';
import { fieldDomId, firstInvalid, type FieldErrors } from './field-issues.ts';
import {
  CATEGORY_CHOICES, PLATFORM_CHOICES, TLP_CHOICES, emptyReportForm, isReportFormValues, reportErrorsFromServer, reportFieldOrder,
  toLocalDateTime, validateReport, zoneLabel, type ReportFormValues,
} from './report-form-model.ts';

const MAX_URLS = 20;
const RETRY_FIRST_MS = 5_000;
const RETRY_MAX_MS = 60_000;

type Phase =
  | { kind: 'editing' }
  | { kind: 'sending' }
  /** Kept on this device after a network or server failure; sent again when back online or after a wait. */
  | { kind: 'waiting'; reason: 'offline' | 'server' }
  | { kind: 'done'; accepted: ReportAccepted };

type Status = { key: MessageKey; vars?: Record<string, string | number>; tone: 'info' | 'error' | 'success' } | null;

/** A failure worth sending again later: no answer at all, a server fault, or rate limiting. */
function isTransient(error: ApiError): boolean {
  return error.status === 0 || error.status >= 500 || error.status === 429;
}

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const FIELD_LABELS: Record<string, MessageKey> = {
  claim: 'report.claim',
  urls: 'report.urls',
  platform: 'report.platform',
  language: 'report.language',
  region: 'report.region',
  category: 'report.category',
  observedAt: 'report.observedAt',
  reach: 'report.reach',
  evidence: 'report.evidence',
  externalId: 'report.externalId',
  tlp: 'report.tlp',
};

/**
 * The reporter's web form for one report. Validates with `ReportInput` before sending, keeps a draft
 * on this device as the user types, and when the network or the server fails keeps the report and
 * sends it again when the browser is back online (or after a short wait for a server fault). An ended
 * session keeps the draft (not pending) for the same user's next sign-in and calls `onUnauthorized`.
 */
export function ReportForm({ user, onUnauthorized }: { user: SessionUser; onUnauthorized(): void }) {
  const { t, language: uiLanguage } = useT();
  const prefix = domPrefix(useId(), 'report');
  const store: DraftStore<ReportFormValues> = useMemo(
    () => createDraftStore(browserStorage(), reportDraftKey(user.id), isReportFormValues),
    [user.id],
  );
  const [initialDraft] = useState(() => store.load());
  const [values, setValues] = useState<ReportFormValues>(() => initialDraft?.values ?? emptyReportForm(uiLanguage));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const [status, setStatus] = useState<Status>(initialDraft ? { key: 'report.draftRestored', tone: 'info' } : null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const successRef = useRef<HTMLDivElement>(null);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const retryDelay = useRef(RETRY_FIRST_MS);
  const sending = useRef(false);
  const valuesRef = useRef(values);
  valuesRef.current = values;
  // Through a ref: a new callback from the parent must not restart the retry timer's effect.
  const unauthorized = useRef(onUnauthorized);
  unauthorized.current = onUnauthorized;

  const focusField = useCallback((field: string | null) => {
    requestAnimationFrame(() => {
      if (field === null || field === '(form)') summaryRef.current?.focus();
      else (document.getElementById(fieldDomId(prefix, field)) ?? summaryRef.current)?.focus();
    });
  }, [prefix]);

  const clearRetry = () => {
    if (retryTimer.current !== undefined) clearTimeout(retryTimer.current);
    retryTimer.current = undefined;
  };

  /** Sends the current form; on a transient failure keeps it as a pending draft. */
  const send = useCallback(async (automatic: boolean) => {
    if (sending.current) return;
    const current = valuesRef.current;
    const submissionId = store.load()?.submissionId ?? randomId();
    const checked = validateReport(current, submissionId);
    if (!checked.ok) {
      // Only a user's own submit reaches here with invalid values, or a pending draft edited since.
      store.save(current, { pending: false });
      setErrors(checked.errors);
      setPhase({ kind: 'editing' });
      setStatus({ key: 'report.fixFields', tone: 'error' });
      if (!automatic) focusField(firstInvalid(checked.errors, reportFieldOrder(current)));
      return;
    }
    sending.current = true;
    clearRetry();
    setErrors({});
    setPhase({ kind: 'sending' });
    setStatus(automatic ? { key: 'report.retrying', tone: 'info' } : null);
    store.save(current, { pending: true, submissionId });
    try {
      const accepted = await fileReport(checked.body);
      store.clear();
      retryDelay.current = RETRY_FIRST_MS;
      setPhase({ kind: 'done', accepted });
      setStatus({ key: 'report.queued', vars: { id: accepted.id }, tone: 'success' });
      requestAnimationFrame(() => successRef.current?.focus());
    } catch (caught) {
      const error = asApiError(caught);
      if (error.isUnauthorized) {
        // Not sent again on its own: the form restores it once this user has signed in again.
        store.save(valuesRef.current, { pending: false });
        setPhase({ kind: 'editing' });
        setStatus(null);
        unauthorized.current();
      } else if (isTransient(error)) {
        const offline = error.status === 0;
        setPhase({ kind: 'waiting', reason: offline ? 'offline' : 'server' });
        setStatus({ key: offline ? 'report.offlineSaved' : 'report.serverSaved', tone: 'info' });
        // `online` also triggers a send; the timer covers a server fault and a lost connection the browser did not notice.
        const delay = retryDelay.current;
        retryDelay.current = Math.min(delay * 2, RETRY_MAX_MS);
        retryTimer.current = setTimeout(() => {
          retryTimer.current = undefined;
          if (navigator.onLine) void send(true);
        }, delay);
      } else {
        store.save(current, { pending: false });
        setPhase({ kind: 'editing' });
        if (error.status === 400 && error.details.length > 0) {
          const serverErrors = reportErrorsFromServer(error.details, checked.urlRows);
          setErrors(serverErrors);
          setStatus({ key: 'report.fixFields', tone: 'error' });
          focusField(firstInvalid(serverErrors, reportFieldOrder(current)));
        } else {
          setErrors({ '(form)': { text: t('report.rejected', { message: error.message }) } });
          setStatus(null);
          focusField('(form)');
        }
      }
    } finally {
      sending.current = false;
    }
  }, [focusField, store, t]);

  // A report left pending (the page was closed while offline) goes out as soon as the form is back.
  useEffect(() => {
    if (initialDraft?.pending && navigator.onLine) void send(true);
    else if (initialDraft?.pending) {
      setPhase({ kind: 'waiting', reason: 'offline' });
      setStatus({ key: 'report.offlineSaved', tone: 'info' });
    }
    // Once, for the draft found on mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const onOnline = () => {
      if (store.load()?.pending) void send(true);
    };
    window.addEventListener('online', onOnline);
    return () => {
      window.removeEventListener('online', onOnline);
      clearRetry();
    };
  }, [send, store]);

  function update(next: ReportFormValues) {
    setValues(next);
    // A changed report is a new submission: it must not be taken for the one that may already have arrived.
    store.save(next, { submissionId: null });
  }
  const set = <K extends keyof ReportFormValues>(field: K, value: ReportFormValues[K]) => update({ ...values, [field]: value });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void send(false);
  }

  function startOver() {
    clearRetry();
    store.clear();
    setValues(emptyReportForm(values.language || uiLanguage));
    setErrors({});
    setPhase({ kind: 'editing' });
    setStatus(null);
    requestAnimationFrame(() => document.getElementById(fieldDomId(prefix, 'claim'))?.focus());
  }

  const labelFor = (field: string) => {
    const [top, row] = field.split('.');
    if (top === 'urls' && row !== undefined) return t('report.urlN', { n: Number(row) + 1 });
    return t(FIELD_LABELS[top!] ?? 'report.claim');
  };

  const busy = phase.kind === 'sending';
  const nowLocal = toLocalDateTime(new Date());

  if (phase.kind === 'done') {
    return (
      <section className="reporter-card" aria-labelledby={`${prefix}-title`}>
        <h2 id={`${prefix}-title`}>{t('report.title')}</h2>
        <div className="notice notice-success" role="status" tabIndex={-1} ref={successRef} data-testid="report-queued" data-report-id={phase.accepted.id}>
          {t('report.queued', { id: phase.accepted.id })}
        </div>
        <button type="button" className="button button-primary" onClick={startOver}>
          {t('report.another')}
        </button>
      </section>
    );
  }

  return (
    <section className="reporter-card" aria-labelledby={`${prefix}-title`}>
      <h2 id={`${prefix}-title`}>{t('report.title')}</h2>
      <p className="muted">{t('report.intro')}</p>
      <div role="status" aria-live="polite" data-testid="report-status" className={status && status.tone !== 'error' ? `notice notice-${status.tone}` : 'visually-hidden'}>
        {status ? t(status.key, status.vars) : ''}
      </div>
      <ErrorSummary prefix={prefix} errors={errors} labels={labelFor} summaryRef={summaryRef} testId="report-error-summary" />
      <form className="reporter-form" data-testid="report-form" noValidate onSubmit={onSubmit} aria-busy={busy}>
        <FieldRow prefix={prefix} field="claim" label={t('report.claim')} required hint={t('report.claimHint')} errors={errors}>
          {(props) => <textarea {...props} name="claim" rows={4} required value={values.claim} onChange={(e) => set('claim', e.target.value)} />}
        </FieldRow>

        <fieldset className="field url-rows" aria-describedby={`${prefix}-urls-hint${errors.urls ? ` ${prefix}-urls-error` : ''}`}>
          <legend>{t('report.urls')}</legend>
          <p className="field-hint" id={`${prefix}-urls-hint`}>{t('report.urlsHint')}</p>
          {values.urls.map((url, row) => (
            <div className="url-row" key={row}>
              <FieldRow prefix={prefix} field={`urls.${row}`} label={t('report.urlN', { n: row + 1 })} errors={errors} className="url-field">
                {(props) => (
                  <input {...props} type="url" inputMode="url" name={`url-${row}`} placeholder="https://" value={url}
                    onChange={(e) => set('urls', values.urls.map((u, i) => (i === row ? e.target.value : u)))} />
                )}
              </FieldRow>
              <button type="button" className="button button-ghost url-remove" aria-label={t('report.removeUrl', { n: row + 1 })}
                disabled={values.urls.length === 1 && url === ''}
                onClick={() => set('urls', values.urls.length === 1 ? [''] : values.urls.filter((_, i) => i !== row))}>
                <span aria-hidden="true">×</span>
              </button>
            </div>
          ))}
          <button type="button" id={fieldDomId(prefix, 'urls')} className="button" disabled={values.urls.length >= MAX_URLS}
            onClick={() => {
              set('urls', [...values.urls, '']);
              requestAnimationFrame(() => document.getElementById(fieldDomId(prefix, `urls.${values.urls.length}`))?.focus());
            }}>
            {t('report.addUrl')}
          </button>
          {errors.urls && <p className="field-error" id={`${prefix}-urls-error`}>{labelFor('urls')}: {'key' in errors.urls ? t(errors.urls.key, errors.urls.vars) : errors.urls.text}</p>}
        </fieldset>

        <div className="reporter-grid">
          <FieldRow prefix={prefix} field="platform" label={t('report.platform')} required errors={errors}>
            {(props) => (
              <select {...props} name="platform" required value={values.platform} onChange={(e) => set('platform', e.target.value)}>
                <option value="">{t('report.choose')}</option>
                {PLATFORM_CHOICES.map((p) => <option key={p} value={p}>{labelOf(t, 'platform', p)}</option>)}
              </select>
            )}
          </FieldRow>
          <FieldRow prefix={prefix} field="category" label={t('report.category')} required errors={errors}>
            {(props) => (
              <select {...props} name="category" required value={values.category} onChange={(e) => set('category', e.target.value)}>
                <option value="">{t('report.choose')}</option>
                {CATEGORY_CHOICES.map((c) => <option key={c} value={c}>{labelOf(t, 'category', c)}</option>)}
              </select>
            )}
          </FieldRow>
          <FieldRow prefix={prefix} field="language" label={t('report.language')} required hint={t('report.languageHint')} errors={errors}>
            {(props) => <input {...props} name="language" required autoCapitalize="off" spellCheck={false} value={values.language} onChange={(e) => set('language', e.target.value)} />}
          </FieldRow>
          <FieldRow prefix={prefix} field="region" label={t('report.region')} hint={t('report.regionHint')} errors={errors}>
            {(props) => <input {...props} name="region" autoCapitalize="characters" spellCheck={false} value={values.region} onChange={(e) => set('region', e.target.value)} />}
          </FieldRow>
          <FieldRow prefix={prefix} field="observedAt" label={t('report.observedAt')} hint={t('report.observedAtHint', { zone: zoneLabel() })} errors={errors}>
            {(props) => (
              <div className="inline-control">
                <input {...props} type="datetime-local" name="observedAt" max={nowLocal} value={values.observedAt} onChange={(e) => set('observedAt', e.target.value)} />
                <button type="button" className="button" onClick={() => set('observedAt', toLocalDateTime(new Date()))}>{t('report.observedNow')}</button>
              </div>
            )}
          </FieldRow>
          <FieldRow prefix={prefix} field="reach" label={t('report.reach')} hint={t('report.reachHint')} errors={errors}>
            {(props) => <input {...props} name="reach" inputMode="numeric" value={values.reach} onChange={(e) => set('reach', e.target.value)} />}
          </FieldRow>
        </div>

        <FieldRow prefix={prefix} field="evidence" label={t('report.evidence')} errors={errors}>
          {(props) => <textarea {...props} name="evidence" rows={3} value={values.evidence} onChange={(e) => set('evidence', e.target.value)} />}
        </FieldRow>
        <FieldRow prefix={prefix} field="externalId" label={t('report.externalId')} hint={t('report.externalIdHint')} errors={errors}>
          {(props) => <input {...props} name="externalId" spellCheck={false} value={values.externalId} onChange={(e) => set('externalId', e.target.value)} />}
        </FieldRow>

        <fieldset className="field tlp-choices" id={fieldDomId(prefix, 'tlp')} tabIndex={-1}>
          <legend>{t('report.tlp')}</legend>
          {TLP_CHOICES.map((level) => (
            <label key={level} className="tlp-choice">
              <input type="radio" name={`${prefix}-tlp`} value={level} checked={values.tlp === level} onChange={() => set('tlp', level)}
                aria-describedby={`${prefix}-tlp-${level}-desc`} />
              <span className={`tlp-tag tlp-${level}`}>{t(`tlp.${level}`)}</span>
              <span className="tlp-desc" id={`${prefix}-tlp-${level}-desc`}>{t(`tlp.${level}.desc`)}</span>
            </label>
          ))}
        </fieldset>

        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('report.sending') : t('report.submit')}
          </button>
          <button type="button" className="button button-ghost" onClick={startOver} disabled={busy}>
            {t('report.discard')}
          </button>
        </div>
      </form>
    </section>
  );
}
