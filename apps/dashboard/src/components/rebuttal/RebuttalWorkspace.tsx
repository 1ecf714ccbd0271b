import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { can, type RebuttalView, type SessionUser } from '@sitroom/core';
import { asApiError, type ApiError } from '../../api.ts';
import { labelOf, useT, type MessageKey } from '../../i18n/index.ts';
import {
  approveRebuttal, claimReviewUrl, draftRebuttal, editRebuttal, listNarrativeSuggestions, listRebuttals, publishRebuttal, type NarrativeSuggestionItem,
} from '../../rebuttal-api.ts';
import { ErrorSummary, FieldRow, domPrefix } from '../reporter/FieldRow.tsx';
import { fieldDomId, firstInvalid, messageText, type FieldErrors } from '../reporter/field-issues.ts';
import {
  CHANNEL_CHOICES, REBUTTAL_FIELDS, VERDICT_CHOICES, emptyRebuttalForm, formFromRebuttal, formFromSuggestion, rebuttalActions,
  rebuttalErrorsFromServer, validateRebuttal, type RebuttalFormValues,
} from './rebuttal-model.ts';

export interface RebuttalWorkspaceProps {
  incidentId: string;
  /** The incident version the surrounding screen shows; a newer one (a live event) reloads the rebuttals. */
  incidentVersion: number;
  user: SessionUser;
  /** After a draft, edit, approval or publication: the incident itself may have changed (status, version). */
  onChanged?: () => void;
}

type Notice =
  | { tone: 'success'; key: MessageKey }
  | { tone: 'info'; key: MessageKey }
  | { tone: 'conflict' | 'error'; key: MessageKey; message: string };

type Editing = { mode: 'new' } | { mode: 'edit'; rebuttal: RebuttalView };

const FIELD_LABELS: Record<string, MessageKey> = { text: 'rb.text', language: 'rb.language', verdict: 'rb.verdict', channels: 'rb.channels' };

function noticeForFailure(error: ApiError): Notice {
  if (error.status === 409) return { tone: 'conflict', key: 'rb.conflict', message: error.message };
  if (error.status === 403) return { tone: 'error', key: 'rb.forbidden', message: error.message };
  return { tone: 'error', key: 'rb.failed', message: error.message };
}

/**
 * The rebuttals of one incident, and the work on them: draft (from scratch or from a suggestion of
 * the narrative library), edit, approve (four eyes) and publish, each offered by permission. A 409
 * (someone else acted first) is explained with a Reload action.
 */
export function RebuttalWorkspace({ incidentId, incidentVersion, user, onChanged }: RebuttalWorkspaceProps) {
  const { t, language: uiLanguage, formatTime } = useT();
  const prefix = domPrefix(useId(), 'rebuttal');
  const mayDraft = can(user.roles, 'rebuttal.draft');
  const mayReadNarratives = can(user.roles, 'narrative.read');

  const [rebuttals, setRebuttals] = useState<RebuttalView[]>([]);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [suggestions, setSuggestions] = useState<NarrativeSuggestionItem[] | null>(null);
  const [editing, setEditing] = useState<Editing>({ mode: 'new' });
  const [values, setValues] = useState<RebuttalFormValues>(() => emptyRebuttalForm(uiLanguage));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const generation = useRef(0);

  const load = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const { items } = await listRebuttals(incidentId);
      if (mine !== generation.current) return;
      setRebuttals(items);
      setLoadError(null);
    } catch (caught) {
      if (mine === generation.current) setLoadError(asApiError(caught).message);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [incidentId]);

  useEffect(() => {
    void load();
  }, [load, incidentVersion]);

  useEffect(() => {
    if (!mayReadNarratives) return;
    const controller = new AbortController();
    setSuggestions(null);
    listNarrativeSuggestions(incidentId, controller.signal).then(
      ({ items }) => setSuggestions(items),
      () => setSuggestions([]),
    );
    return () => controller.abort();
  }, [incidentId, mayReadNarratives]);

  // Another incident: a fresh editor.
  useEffect(() => {
    setEditing({ mode: 'new' });
    setValues(emptyRebuttalForm(uiLanguage));
    setErrors({});
    setNotice(null);
    // Only when the incident changes, not the language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [incidentId]);

  const show = (next: Notice) => {
    setNotice(next);
    if (next.tone === 'conflict' || next.tone === 'error') requestAnimationFrame(() => noticeRef.current?.focus());
  };

  async function act(key: string, run: () => Promise<unknown>, success: MessageKey) {
    setBusy(key);
    setNotice(null);
    try {
      await run();
      setNotice({ tone: 'success', key: success });
      onChanged?.();
    } catch (caught) {
      show(noticeForFailure(asApiError(caught)));
    } finally {
      setBusy(null);
      await load();
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = validateRebuttal(values);
    if (!checked.ok) {
      setErrors(checked.errors);
      const first = firstInvalid(checked.errors, REBUTTAL_FIELDS);
      requestAnimationFrame(() => (first && first !== '(form)' ? document.getElementById(fieldDomId(prefix, first)) : summaryRef.current)?.focus());
      return;
    }
    setErrors({});
    setBusy('editor');
    setNotice(null);
    try {
      if (editing.mode === 'edit') await editRebuttal(incidentId, editing.rebuttal.id, { ...checked.body, version: editing.rebuttal.version });
      else await draftRebuttal(incidentId, checked.body);
      setEditing({ mode: 'new' });
      setValues(emptyRebuttalForm(values.language));
      setNotice({ tone: 'success', key: 'rb.saved' });
      onChanged?.();
      await load();
    } catch (caught) {
      const error = asApiError(caught);
      if (error.status === 400 && error.details.length > 0) {
        const serverErrors = rebuttalErrorsFromServer(error.details);
        setErrors(serverErrors);
        requestAnimationFrame(() => summaryRef.current?.focus());
      } else show(noticeForFailure(error));
    } finally {
      setBusy(null);
    }
  }

  function startEdit(rebuttal: RebuttalView) {
    setEditing({ mode: 'edit', rebuttal });
    setValues(formFromRebuttal(rebuttal));
    setErrors({});
    requestAnimationFrame(() => document.getElementById(fieldDomId(prefix, 'text'))?.focus());
  }

  function cancelEdit() {
    setEditing({ mode: 'new' });
    setValues(emptyRebuttalForm(values.language));
    setErrors({});
  }

  function applySuggestion(suggestion: NarrativeSuggestionItem) {
    setValues(formFromSuggestion(suggestion, values));
    setErrors({});
    setNotice({ tone: 'info', key: 'rb.suggestionApplied' });
    requestAnimationFrame(() => document.getElementById(fieldDomId(prefix, 'text'))?.focus());
  }

  async function reloadAfterConflict() {
    setNotice(null);
    if (editing.mode === 'edit') cancelEdit();
    onChanged?.();
    await load();
  }

  const labelFor = (field: string) => t(FIELD_LABELS[field.split('.')[0]!] ?? 'rb.text');

  return (
    <section className="rebuttal-workspace" aria-labelledby={`${prefix}-title`} data-testid="rebuttal-workspace">
      <h3 id={`${prefix}-title`}>{t('rb.title')}</h3>

      <div role="status" aria-live="polite" className={notice && (notice.tone === 'success' || notice.tone === 'info') ? `notice notice-${notice.tone}` : 'visually-hidden'} data-testid="rebuttal-status">
        {notice && (notice.tone === 'success' || notice.tone === 'info') ? t(notice.key) : ''}
      </div>
      {notice && (notice.tone === 'conflict' || notice.tone === 'error') && (
        <div className="notice notice-error" role="alert" tabIndex={-1} ref={noticeRef} data-testid={notice.tone === 'conflict' ? 'rebuttal-conflict' : 'rebuttal-error'}>
          <p><strong>{t(notice.key)}</strong> {notice.message}</p>
          {notice.tone === 'conflict' && (
            <button type="button" className="button" onClick={() => void reloadAfterConflict()}>{t('common.reload')}</button>
          )}
        </div>
      )}
      {loadError && (
        <div className="notice notice-error" role="alert">
          <p>{t('rb.loadFailed', { message: loadError })}</p>
          <button type="button" className="button" onClick={() => void load()}>{t('common.reload')}</button>
        </div>
      )}

      {loading ? (
        <p className="muted">{t('common.loading')}</p>
      ) : rebuttals.length === 0 ? (
        <p className="muted">{t('rb.none')}</p>
      ) : (
        <ol className="rebuttal-list">
          {rebuttals.map((r) => {
            const actions = rebuttalActions(user, r);
            return (
              <li key={r.id} className={`rebuttal-item rebuttal-${r.status}`} data-testid="rebuttal-item" data-rebuttal-id={r.id} data-status={r.status}>
                <div className="rebuttal-head">
                  <span className={`pill pill-rebuttal-${r.status}`} data-testid="rebuttal-status-pill">{t(`rb.status.${r.status}`)}</span>
                  <span className={`verdict verdict-${r.verdict}`}>{labelOf(t, 'verdict', r.verdict)}</span>
                  <span className="muted">{r.language}</span>
                </div>
                <p className="rebuttal-text" lang={r.language}>{r.text}</p>
                <p className="muted rebuttal-meta">
                  {t('rb.meta', { name: r.authorId === user.id ? `${r.authorName} (${t('rb.you')})` : r.authorName, time: formatTime(r.createdAt) })}
                  {r.approvedAt && <> · {t('rb.approvedAt', { time: formatTime(r.approvedAt) })}</>}
                  {r.publishedAt && <> · {t('rb.publishedAt', { time: formatTime(r.publishedAt) })}</>}
                </p>
                <p className="rebuttal-channels">
                  {r.channels.length === 0 ? <span className="muted">{t('rb.channelsNone')}</span> : r.channels.map((c) => <span key={c} className="chip">{labelOf(t, 'channel', c)}</span>)}
                </p>
                <div className="rebuttal-actions">
                  {actions.approve && (
                    <button type="button" className="button button-primary" data-testid="rebuttal-approve" disabled={busy !== null}
                      onClick={() => void act(`approve-${r.id}`, () => approveRebuttal(incidentId, r.id, r.version), 'rb.approved')}>
                      {t('rb.approve')}
                    </button>
                  )}
                  {actions.publish && (
                    <button type="button" className="button button-primary" data-testid="rebuttal-publish" disabled={busy !== null}
                      onClick={() => void act(`publish-${r.id}`, () => publishRebuttal(incidentId, r.id, r.version), 'rb.published')}>
                      {t('rb.publish')}
                    </button>
                  )}
                  {actions.edit && (
                    <button type="button" className="button" data-testid="rebuttal-edit" disabled={busy !== null} onClick={() => startEdit(r)}>
                      {t('rb.edit')}
                    </button>
                  )}
                  {actions.note && <p className="rebuttal-note" data-testid={actions.note === 'rb.ownDraft' ? 'four-eyes-note' : 'rebuttal-note'}>{t(actions.note)}</p>}
                  {r.status === 'published' && (
                    <a href={claimReviewUrl(incidentId)} target="_blank" rel="noopener noreferrer" data-testid="claimreview-link">{t('rb.claimReview')}</a>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}

      {!mayDraft ? (
        <p className="muted">{t('rb.readOnly')}</p>
      ) : (
        <div className="rebuttal-editor-area">
          <form className="rebuttal-editor" data-testid="rebuttal-editor" noValidate onSubmit={(e) => void submit(e)} aria-labelledby={`${prefix}-editor-title`} aria-busy={busy === 'editor'}>
            <h4 id={`${prefix}-editor-title`}>{editing.mode === 'edit' ? t('rb.editor.edit') : t('rb.editor.new')}</h4>
            {editing.mode === 'edit' && editing.rebuttal.status === 'approved' && <p className="notice notice-info">{t('rb.editor.editApproved')}</p>}
            <ErrorSummary prefix={prefix} errors={errors} labels={labelFor} summaryRef={summaryRef} testId="rebuttal-error-summary" />
            <FieldRow prefix={prefix} field="text" label={t('rb.text')} required errors={errors}>
              {(props) => <textarea {...props} name="text" required rows={6} lang={values.language || undefined} value={values.text} onChange={(e) => setValues({ ...values, text: e.target.value })} />}
            </FieldRow>
            <div className="reporter-grid">
              <FieldRow prefix={prefix} field="language" label={t('rb.language')} required hint={t('report.languageHint')} errors={errors}>
                {(props) => <input {...props} name="language" required autoCapitalize="off" spellCheck={false} value={values.language} onChange={(e) => setValues({ ...values, language: e.target.value })} />}
              </FieldRow>
              <FieldRow prefix={prefix} field="verdict" label={t('rb.verdict')} required errors={errors}>
                {(props) => (
                  <select {...props} name="verdict" required value={values.verdict} onChange={(e) => setValues({ ...values, verdict: e.target.value })}>
                    <option value="">{t('report.choose')}</option>
                    {VERDICT_CHOICES.map((v) => <option key={v} value={v}>{labelOf(t, 'verdict', v)}</option>)}
                  </select>
                )}
              </FieldRow>
            </div>
            <fieldset className="field channel-choices" id={fieldDomId(prefix, 'channels')} tabIndex={-1}
              aria-describedby={errors.channels ? `${prefix}-channels-error` : undefined}>
              <legend>{t('rb.channels')}</legend>
              <div className="channel-grid">
                {CHANNEL_CHOICES.map((channel) => (
                  <label key={channel} className="check">
                    <input type="checkbox" name="channels" value={channel} checked={values.channels.includes(channel)}
                      onChange={(e) => setValues({ ...values, channels: e.target.checked ? [...values.channels, channel] : values.channels.filter((c) => c !== channel) })} />
                    {labelOf(t, 'channel', channel)}
                  </label>
                ))}
              </div>
              {errors.channels && <p className="field-error" id={`${prefix}-channels-error`}>{messageText(t, errors.channels)}</p>}
            </fieldset>
            <div className="form-actions">
              <button type="submit" className="button button-primary" data-testid="rebuttal-save" disabled={busy !== null}>
                {busy === 'editor' ? t('rb.saving') : editing.mode === 'edit' ? t('rb.saveChanges') : t('rb.save')}
              </button>
              {editing.mode === 'edit' && (
                <button type="button" className="button button-ghost" onClick={cancelEdit}>{t('rb.cancelEdit')}</button>
              )}
            </div>
          </form>

          {mayReadNarratives && (
            <aside className="rebuttal-suggestions" aria-labelledby={`${prefix}-suggestions`} data-testid="rebuttal-suggestions">
              <h4 id={`${prefix}-suggestions`}>{t('rb.suggestions')}</h4>
              <p className="muted">{t('rb.suggestionsHint')}</p>
              {suggestions === null ? (
                <p className="muted">{t('common.loading')}</p>
              ) : suggestions.length === 0 ? (
                <p className="muted">{t('rb.noSuggestions')}</p>
              ) : (
                <ul>
                  {suggestions.map((s) => (
                    <li key={s.id} className="suggestion" data-testid="rebuttal-suggestion">
                      <p className="suggestion-head">
                        <strong>{s.title}</strong>
                        <span className="muted"> · {t(s.kind === 'prebunk' ? 'rb.kind.prebunk' : 'rb.kind.rebuttal')} · {t('rb.similarity', { pct: Math.round(s.similarity * 100) })}</span>
                      </p>
                      <p className="suggestion-text" lang={s.language}>{s.text}</p>
                      <button type="button" className="button" onClick={() => applySuggestion(s)} aria-label={`${t('rb.useSuggestion')}: ${s.title}`}>
                        {t('rb.useSuggestion')}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </aside>
          )}
        </div>
      )}
    </section>
  );
}
