import { useState, type FormEvent } from 'react';
import { ElectionInput, PRIORITIES, SCORE_FACTORS, TriageSettings, type Priority, type ScoreFactorName } from '@sitroom/core';
import { adminApi, type Election } from '../../admin-api.ts';
import { fieldError, numberOrText, splitList, unplacedErrors } from '../../form-errors.ts';
import { asApiError, Field, FormActions, FormError, Loadable, useFormSubmit, useLoad } from './ui.tsx';
import { useT } from '../../i18n/index.ts';

const loadElections = (signal: AbortSignal) => adminApi.elections(signal).then((list) => list.items);

export function ElectionsAdmin({ onUnauthorized }: { onUnauthorized(): void }) {
  const elections = useLoad(loadElections, onUnauthorized);
  const { t } = useT();
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  async function activate(election: Election) {
    setBusy(true);
    setActionError(null);
    try {
      await adminApi.activateElection(election.id);
      elections.reload();
    } catch (error) {
      const apiError = asApiError(error);
      if (apiError.isUnauthorized) return onUnauthorized();
      setActionError(apiError.message);
    } finally {
      setBusy(false);
    }
  }

  const list = elections.state.kind === 'loaded' ? elections.state.data : [];
  const editingElection = list.find((election) => election.id === editing);

  return (
    <div className="admin-section">
      <p className="muted admin-intro">{t('elections.intro')}</p>
      {actionError && <div className="notice notice-error" role="alert">{actionError}</div>}
      <section className="admin-card" aria-labelledby="elections-heading">
        <h2 id="elections-heading">{t('elections.heading')}</h2>
        <Loadable load={elections} what={t('elections.what')} failed={t('elections.loadFailed')}>
          {(electionList) => electionList.length === 0 ? (
            <p className="empty-note">{t('elections.empty')}</p>
          ) : (
            <ul className="election-list">
              {electionList.map((election) => (
                <li key={election.id} className="election">
                  <div>
                    <p className="rule-name">
                      <strong>{election.name}</strong> {election.active && <span className="badge status status-rebutted">{t('elections.active')}</span>}
                    </p>
                    <p className="rule-detail">
                      {t('elections.summary', {
                        day: election.pollingDay,
                        zone: election.timezone,
                        languages: election.languages.join(', ') || t('elections.anyLanguage'),
                        regions: election.regions.length,
                      })}
                    </p>
                  </div>
                  <div className="row-actions">
                    {!election.active && (
                      <button type="button" className="button button-small" disabled={busy} onClick={() => activate(election)}>
                        {t('elections.makeActive')}<span className="visually-hidden">{`: ${election.name}`}</span>
                      </button>
                    )}
                    <button type="button" className="button button-small" aria-expanded={editing === election.id}
                      onClick={() => setEditing(editing === election.id ? null : election.id)}>
                      {editing === election.id ? t('elections.closeSettings') : t('elections.settings')}
                      <span className="visually-hidden">{` ${t('elections.of', { name: election.name })}`}</span>
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Loadable>
      </section>
      {editingElection && (
        <SettingsForm key={editingElection.id} election={editingElection} onSaved={elections.reload} onUnauthorized={onUnauthorized} />
      )}
      <NewElectionForm onCreated={elections.reload} onUnauthorized={onUnauthorized} />
    </div>
  );
}

interface RegionRow {
  code: string;
  name: string;
  sensitivity: string;
}

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function NewElectionForm({ onCreated, onUnauthorized }: { onCreated(): void; onUnauthorized(): void }) {
  const { t } = useT();
  const [name, setName] = useState('');
  const [pollingDay, setPollingDay] = useState('');
  const [timezone, setTimezone] = useState(browserTimeZone);
  const [languages, setLanguages] = useState('');
  const [regions, setRegions] = useState<RegionRow[]>([]);
  const [active, setActive] = useState(false);
  const { errors, formError, pending, done, send } = useFormSubmit({ onUnauthorized, t });

  const setRegion = (index: number, patch: Partial<RegionRow>) =>
    setRegions((rows) => rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(ElectionInput, {
      name,
      pollingDay,
      timezone: timezone.trim(),
      languages: splitList(languages),
      regions: regions.map((row) => ({ code: row.code.trim(), name: row.name, sensitivity: numberOrText(row.sensitivity) })),
      active,
    }, async (data) => {
      const election = await adminApi.createElection(data);
      setName('');
      setPollingDay('');
      setLanguages('');
      setRegions([]);
      setActive(false);
      onCreated();
      return t('elections.created', { name: election.name });
    });
  }

  const regionPaths = regions.flatMap((_, i) => [`regions.${i}.code`, `regions.${i}.name`, `regions.${i}.sensitivity`]);
  return (
    <section className="admin-card" aria-labelledby="new-election-heading">
      <h2 id="new-election-heading">{t('elections.addHeading')}</h2>
      <form className="admin-form" onSubmit={submit} noValidate>
        <FormError message={formError} details={unplacedErrors(errors, ['name', 'pollingDay', 'timezone', 'languages', 'active', 'regions', ...regionPaths])} />
        <div className="form-row">
          <Field label={t('admin.name')} error={fieldError(errors, 'name')}>
            {(props) => <input {...props} value={name} maxLength={200} onChange={(event) => setName(event.target.value)} />}
          </Field>
          <Field label={t('elections.pollingDay')} error={fieldError(errors, 'pollingDay')}>
            {(props) => <input {...props} type="date" value={pollingDay} onChange={(event) => setPollingDay(event.target.value)} />}
          </Field>
          <Field label={t('elections.timezone')} hint={t('elections.timezoneHint')} error={fieldError(errors, 'timezone')}>
            {(props) => <input {...props} value={timezone} onChange={(event) => setTimezone(event.target.value)} />}
          </Field>
        </div>
        <Field label={t('elections.languages')} hint={t('elections.languagesHint')} error={fieldError(errors, 'languages', true)}>
          {(props) => <input {...props} value={languages} placeholder="es, ay, qu" onChange={(event) => setLanguages(event.target.value)} />}
        </Field>
        <fieldset className="checkbox-group">
          <legend>{t('elections.regions')}</legend>
          {regions.length === 0 && <p className="muted">{t('elections.noRegions')}</p>}
          {errors.regions && <p className="field-error">{errors.regions}</p>}
          {regions.map((row, index) => (
            <div key={index} className="form-row region-row">
              <Field label={t('elections.regionCode', { n: index + 1 })} error={fieldError(errors, `regions.${index}.code`)}>
                {(props) => <input {...props} value={row.code} onChange={(event) => setRegion(index, { code: event.target.value })} />}
              </Field>
              <Field label={t('admin.name')} error={fieldError(errors, `regions.${index}.name`)}>
                {(props) => <input {...props} value={row.name} onChange={(event) => setRegion(index, { name: event.target.value })} />}
              </Field>
              <Field label={t('elections.sensitivity')} error={fieldError(errors, `regions.${index}.sensitivity`)}>
                {(props) => (
                  <input {...props} type="number" min={0} max={3} step={1} value={row.sensitivity}
                    onChange={(event) => setRegion(index, { sensitivity: event.target.value })} />
                )}
              </Field>
              <button type="button" className="button button-small button-ghost region-remove"
                onClick={() => setRegions((rows) => rows.filter((_, i) => i !== index))}>
                {t('elections.remove')}<span className="visually-hidden">{` ${t('elections.removeRegion', { n: index + 1 })}`}</span>
              </button>
            </div>
          ))}
          <button type="button" className="button button-small" onClick={() => setRegions((rows) => [...rows, { code: '', name: '', sensitivity: '0' }])}>
            {t('elections.addRegion')}
          </button>
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={active} onChange={(event) => setActive(event.target.checked)} />
          {t('elections.makeItActive')}
        </label>
        <FormActions label={t('elections.create')} pendingLabel={t('admin.creating')} pending={pending} done={done} />
      </form>
    </section>
  );
}

type SlaText = Record<Priority, { acknowledgeMinutes: string; rebuttalMinutes: string }>;

function SettingsForm({ election, onSaved, onUnauthorized }: { election: Election; onSaved(): void; onUnauthorized(): void }) {
  const settings = election.settings;
  const { t } = useT();
  const [weights, setWeights] = useState<Record<ScoreFactorName, string>>(
    () => Object.fromEntries(SCORE_FACTORS.map((factor) => [factor, String(settings.weights[factor])])) as Record<ScoreFactorName, string>,
  );
  const [cutoffs, setCutoffs] = useState({ P1: String(settings.cutoffs.P1), P2: String(settings.cutoffs.P2), P3: String(settings.cutoffs.P3) });
  const [sla, setSla] = useState<SlaText>(
    () => Object.fromEntries(PRIORITIES.map((p) => [p, {
      acknowledgeMinutes: String(settings.sla[p].acknowledgeMinutes),
      rebuttalMinutes: String(settings.sla[p].rebuttalMinutes),
    }])) as SlaText,
  );
  const [escalate, setEscalate] = useState(String(settings.escalateAfterMinutes));
  const { errors, formError, pending, send } = useFormSubmit({ onUnauthorized, t });
  // A flag, not a message: "Settings saved." follows a change of language.
  const [saved, setSaved] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    void send(TriageSettings, {
      // Points per category and platform have no form yet: keep what is stored.
      ...settings,
      weights: Object.fromEntries(SCORE_FACTORS.map((factor) => [factor, numberOrText(weights[factor])])),
      cutoffs: { P1: numberOrText(cutoffs.P1), P2: numberOrText(cutoffs.P2), P3: numberOrText(cutoffs.P3) },
      sla: Object.fromEntries(PRIORITIES.map((p) => [p, {
        acknowledgeMinutes: numberOrText(sla[p].acknowledgeMinutes),
        rebuttalMinutes: numberOrText(sla[p].rebuttalMinutes),
      }])),
      escalateAfterMinutes: numberOrText(escalate),
    }, async (data) => {
      await adminApi.saveSettings(election.id, data);
      setSaved(true);
      onSaved();
      return null;
    });
  }

  const placed = [
    ...SCORE_FACTORS.map((f) => `weights.${f}`), 'cutoffs', 'sla', 'escalateAfterMinutes',
  ];
  return (
    <section className="admin-card" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('elections.settingsOf', { name: election.name })}</h2>
      <form className="admin-form" onSubmit={submit} noValidate>
        <FormError message={formError} details={unplacedErrors(errors, placed)} />
        <fieldset className="checkbox-group">
          <legend>{t('elections.weights')}</legend>
          <div className="form-grid">
            {SCORE_FACTORS.map((factor) => (
              <Field key={factor} label={t(`factor.${factor}`)} error={fieldError(errors, `weights.${factor}`)}>
                {(props) => (
                  <input {...props} type="number" min={0} max={5} step={0.1} value={weights[factor]}
                    onChange={(event) => setWeights((current) => ({ ...current, [factor]: event.target.value }))} />
                )}
              </Field>
            ))}
          </div>
        </fieldset>
        <fieldset className="checkbox-group">
          <legend>{t('elections.cutoffs')}</legend>
          <div className="form-grid">
            {(['P1', 'P2', 'P3'] as const).map((p) => (
              <Field key={p} label={p} error={fieldError(errors, `cutoffs.${p}`)}>
                {(props) => (
                  <input {...props} type="number" min={1} max={100} step={1} value={cutoffs[p]}
                    onChange={(event) => setCutoffs((current) => ({ ...current, [p]: event.target.value }))} />
                )}
              </Field>
            ))}
          </div>
          {errors.cutoffs && <p className="field-error">{errors.cutoffs}</p>}
        </fieldset>
        <fieldset className="checkbox-group">
          <legend>{t('elections.deadlines')}</legend>
          {errors.sla && <p className="field-error">{errors.sla}</p>}
          <div className="sla-grid">
            {PRIORITIES.map((p) => (
              <div key={p} className="form-row">
                <Field label={t('elections.slaAck', { p })} error={fieldError(errors, `sla.${p}.acknowledgeMinutes`)}>
                  {(props) => (
                    <input {...props} type="number" min={0.01} step="any" value={sla[p].acknowledgeMinutes}
                      onChange={(event) => setSla((current) => ({ ...current, [p]: { ...current[p], acknowledgeMinutes: event.target.value } }))} />
                  )}
                </Field>
                <Field label={t('elections.slaRebuttal', { p })} error={fieldError(errors, `sla.${p}.rebuttalMinutes`) ?? fieldError(errors, `sla.${p}`)}>
                  {(props) => (
                    <input {...props} type="number" min={0.01} step="any" value={sla[p].rebuttalMinutes}
                      onChange={(event) => setSla((current) => ({ ...current, [p]: { ...current[p], rebuttalMinutes: event.target.value } }))} />
                  )}
                </Field>
              </div>
            ))}
          </div>
        </fieldset>
        <Field label={t('elections.escalate')} error={fieldError(errors, 'escalateAfterMinutes')}>
          {(props) => (
            <input {...props} className="input-narrow" type="number" min={0.01} step="any" value={escalate}
              onChange={(event) => setEscalate(event.target.value)} />
          )}
        </Field>
        <FormActions label={t('elections.saveSettings')} pendingLabel={t('admin.saving')} pending={pending} done={saved && t('elections.saved')} />
      </form>
    </section>
  );
}
