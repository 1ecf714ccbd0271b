import { useId, useRef, useState, type FormEvent } from 'react';
import { DEFAULT_DISARM_VERSION, DISARM_TACTICS, can, disarmName, type IncidentDetail, type IncidentSummary, type SessionUser } from '@sitroom/core';
import { asApiError, putDisarmTags } from '../api.ts';
import { disarmErrors, planAdd, planRemove, shownTags, versionLabel, type DisarmTagsChange } from '../disarm-tags.ts';
import { useT } from '../i18n/index.ts';
import { PanelNotice } from './PanelNotice.tsx';
import { FieldRow, domPrefix } from './reporter/FieldRow.tsx';
import { fieldDomId, firstInvalid, messageText, type FieldErrors, type FieldMessage } from './reporter/field-issues.ts';

const DISARM_SITE = 'https://www.disarm.foundation/';

type Save =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; message: FieldMessage }
  | { kind: 'conflict'; message: string }
  | { kind: 'error'; message: string };

/**
 * The incident's DISARM tactic and technique tags; those who may tag (`incident.tag`) add and remove them.
 * Each change sends the whole set at the version on screen, so a change made meanwhile is a 409, not lost.
 */
export function DisarmTags({ detail, stale = false, user, onChanged, onReload, onUnauthorized }: {
  detail: IncidentDetail;
  /** A newer version of the incident is being read: changes wait for it rather than meet a 409. */
  stale?: boolean;
  user: SessionUser;
  onChanged(incident: IncidentSummary): void;
  /** Load the incident again (after a 409). */
  onReload(): void;
  onUnauthorized(): void;
}) {
  const { t } = useT();
  const prefix = domPrefix(useId(), 'disarm');
  const canTag = can(user.roles, 'incident.tag');
  const [form, setForm] = useState({ id: '', frameworkVersion: DEFAULT_DISARM_VERSION });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [save, setSave] = useState<Save>({ kind: 'idle' });
  const [saved, setSaved] = useState<{ version: number; tags: IncidentDetail['disarmTags'] } | null>(null);
  const idInput = useRef<HTMLInputElement>(null);
  const { version, tags } = shownTags(detail, saved);
  const saving = save.kind === 'saving';
  const busy = saving || stale;

  async function send(change: DisarmTagsChange, done: FieldMessage): Promise<boolean> {
    setSave({ kind: 'saving' });
    try {
      const answer = await putDisarmTags(detail.id, change);
      setSaved({ version: answer.incident.version, tags: answer.disarmTags });
      setSave({ kind: 'saved', message: done });
      onChanged(answer.incident);
      return true;
    } catch (error) {
      const apiError = asApiError(error);
      if (apiError.isUnauthorized) {
        onUnauthorized();
        return false;
      }
      if (apiError.status === 409) {
        setErrors({});
        setSave({ kind: 'conflict', message: apiError.message });
      } else {
        showProblems(apiError.status === 400 ? disarmErrors(apiError.details) : {}, apiError.message);
      }
      return false;
    }
  }

  /** Errors beside their fields; one that no field shows, or else `failure` when no field has one, in an alert. */
  function showProblems(fieldErrors: FieldErrors, failure?: string) {
    const { '(form)': unplaced, ...placed } = fieldErrors;
    setErrors(placed);
    const alert = unplaced ? messageText(t, unplaced) : Object.keys(placed).length === 0 ? failure : undefined;
    setSave(alert ? { kind: 'error', message: alert } : { kind: 'idle' });
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const plan = planAdd(tags, form, version);
    if (!plan.ok) {
      showProblems(plan.errors);
      const first = firstInvalid(plan.errors, ['id', 'frameworkVersion']);
      if (first) document.getElementById(fieldDomId(prefix, first))?.focus();
      return;
    }
    setErrors({});
    if (await send(plan.change, { key: 'disarm.added', vars: { id: plan.id } })) setForm((current) => ({ ...current, id: '' }));
  }

  async function remove(id: string) {
    if (busy) return;
    setErrors({});
    // The button goes with its tag: the add field keeps the keyboard user in the section.
    if (await send(planRemove(tags, id, version), { key: 'disarm.removed', vars: { id } })) idInput.current?.focus();
  }

  // The incident is read again in place; the keyboard stays in this section, on the field to try again.
  function reloadAfterConflict() {
    setSave({ kind: 'idle' });
    onReload();
    idInput.current?.focus();
  }

  const titleId = `${prefix}-title`;
  return (
    <section className="panel-section disarm" aria-labelledby={titleId} data-testid="disarm-tags">
      <h3 id={titleId}>{t('disarm.title')}</h3>
      {tags.length === 0 ? (
        <div className="disarm-empty">
          <p className="muted">{t('disarm.empty')}</p>
          {canTag && <p className="field-hint">{t('disarm.emptyHint')}</p>}
        </div>
      ) : (
        <ul className="disarm-list">
          {tags.map((tag) => {
            const name = tag.name ?? disarmName(tag.id);
            return (
              <li key={tag.id} className="disarm-tag" data-testid="disarm-tag" data-disarm-id={tag.id}>
                <span className="disarm-tag-text">
                  <strong className="disarm-id">{tag.id}</strong>
                  {name && ` ${name}`}
                  <span className="muted">{` · ${versionLabel(tag.frameworkVersion)}`}</span>
                </span>
                {canTag && (
                  <button
                    type="button"
                    className="button button-small button-danger"
                    aria-label={t('disarm.removeLabel', { id: tag.id })}
                    disabled={busy}
                    onClick={() => void remove(tag.id)}
                  >
                    {t('disarm.remove')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canTag && (
        <form className="referral-form" onSubmit={(event) => void add(event)} noValidate>
          <h4>{t('disarm.addHeading')}</h4>
          <FieldRow prefix={prefix} field="id" label={t('disarm.id')} hint={t('disarm.idHint')} errors={errors}>
            {(props) => (
              <input
                {...props}
                ref={idInput}
                list={`${prefix}-tactics`}
                value={form.id}
                onChange={(event) => setForm({ ...form, id: event.target.value })}
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
              />
            )}
          </FieldRow>
          <FieldRow prefix={prefix} field="frameworkVersion" label={t('disarm.frameworkVersion')} errors={errors} className="disarm-field-version">
            {(props) => (
              <input {...props} value={form.frameworkVersion} onChange={(event) => setForm({ ...form, frameworkVersion: event.target.value })} autoComplete="off" />
            )}
          </FieldRow>
          <datalist id={`${prefix}-tactics`}>
            {DISARM_TACTICS.map((tactic) => (
              <option key={tactic.id} value={tactic.id}>{`${tactic.id} — ${tactic.name}`}</option>
            ))}
          </datalist>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {saving ? t('disarm.saving') : t('disarm.add')}
            </button>
            {save.kind === 'saved' && (
              <p className="form-success" role="status">
                {messageText(t, save.message)}
              </p>
            )}
          </div>
        </form>
      )}
      {save.kind === 'conflict' && <PanelNotice title={t('panel.conflict')} message={save.message} onReload={reloadAfterConflict} testId="disarm-conflict" />}
      {save.kind === 'error' && <PanelNotice title={t('disarm.saveFailed')} message={save.message} />}
      <p className="disarm-about">
        <a href={DISARM_SITE} target="_blank" rel="noreferrer" className="external-link">
          {t('disarm.about')}
          <span className="visually-hidden">{` ${t('panel.newTab')}`}</span>
        </a>
      </p>
    </section>
  );
}
