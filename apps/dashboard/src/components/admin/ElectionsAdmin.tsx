import { useState, type FormEvent } from 'react';
import { ElectionInput, PRIORITIES, SCORE_FACTORS, TriageSettings, type Priority, type ScoreFactorName } from '@sitroom/core';
import { adminApi, type Election } from '../../admin-api.ts';
import { errorsFromApi, fieldError, numberOrText, splitList, unplacedErrors, validate, type FieldErrors } from '../../form-errors.ts';
import { humanize } from '../../format.ts';
import { asApiError, Field, FormError, LoadError, LoadingState, useLoad } from './ui.tsx';

const loadElections = (signal: AbortSignal) => adminApi.elections(signal).then((list) => list.items);

export function ElectionsAdmin({ onUnauthorized }: { onUnauthorized(): void }) {
  const elections = useLoad(loadElections, onUnauthorized);
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
      <p className="muted admin-intro">
        The election calendar: the active election's polling day drives the proximity factor, its regions' sensitivity the
        region factor, and its triage settings every score, priority and SLA from the next triage on.
      </p>
      {actionError && <div className="notice notice-error" role="alert">{actionError}</div>}
      <section className="admin-card" aria-labelledby="elections-heading">
        <h2 id="elections-heading">Elections</h2>
        {elections.state.kind === 'loading' ? (
          <LoadingState what="elections" />
        ) : elections.state.kind === 'error' ? (
          <LoadError what="The elections" error={elections.state.error} onRetry={elections.reload} />
        ) : list.length === 0 ? (
          <p className="empty-note">No elections yet: scoring uses the default settings and no proximity to polling day.</p>
        ) : (
          <ul className="election-list">
            {list.map((election) => (
              <li key={election.id} className="election">
                <div>
                  <p className="rule-name">
                    <strong>{election.name}</strong> {election.active && <span className="badge status status-rebutted">Active</span>}
                  </p>
                  <p className="rule-detail">
                    {`Polling day ${election.pollingDay} (${election.timezone}) · languages ${election.languages.join(', ') || 'any'} · ${election.regions.length} regions`}
                  </p>
                </div>
                <div className="row-actions">
                  {!election.active && (
                    <button type="button" className="button button-small" disabled={busy} onClick={() => activate(election)}>
                      Make active<span className="visually-hidden">{`: ${election.name}`}</span>
                    </button>
                  )}
                  <button type="button" className="button button-small" aria-expanded={editing === election.id}
                    onClick={() => setEditing(editing === election.id ? null : election.id)}>
                    {editing === election.id ? 'Close settings' : 'Triage settings'}
                    <span className="visually-hidden">{` of ${election.name}`}</span>
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
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
  const [name, setName] = useState('');
  const [pollingDay, setPollingDay] = useState('');
  const [timezone, setTimezone] = useState(browserTimeZone);
  const [languages, setLanguages] = useState('');
  const [regions, setRegions] = useState<RegionRow[]>([]);
  const [active, setActive] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  const setRegion = (index: number, patch: Partial<RegionRow>) =>
    setRegions((rows) => rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    setFormError(null);
    const checked = validate(ElectionInput, {
      name,
      pollingDay,
      timezone: timezone.trim(),
      languages: splitList(languages),
      regions: regions.map((row) => ({ code: row.code.trim(), name: row.name, sensitivity: numberOrText(row.sensitivity) })),
      active,
    });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setPending(true);
    try {
      const election = await adminApi.createElection(checked.data);
      setCreated(`Election "${election.name}" created.`);
      setName('');
      setPollingDay('');
      setLanguages('');
      setRegions([]);
      setActive(false);
      onCreated();
    } catch (error) {
      const apiError = asApiError(error);
      if (apiError.isUnauthorized) return onUnauthorized();
      setErrors(errorsFromApi(apiError));
      setFormError(apiError.message);
    } finally {
      setPending(false);
    }
  }

  const regionPaths = regions.flatMap((_, i) => [`regions.${i}.code`, `regions.${i}.name`, `regions.${i}.sensitivity`]);
  return (
    <section className="admin-card" aria-labelledby="new-election-heading">
      <h2 id="new-election-heading">Add an election</h2>
      <form className="admin-form" onSubmit={submit} noValidate>
        <FormError message={formError} details={unplacedErrors(errors, ['name', 'pollingDay', 'timezone', 'languages', 'active', 'regions', ...regionPaths])} />
        <div className="form-row">
          <Field label="Name" error={fieldError(errors, 'name')}>
            {(props) => <input {...props} value={name} maxLength={200} onChange={(event) => setName(event.target.value)} />}
          </Field>
          <Field label="Polling day" error={fieldError(errors, 'pollingDay')}>
            {(props) => <input {...props} type="date" value={pollingDay} onChange={(event) => setPollingDay(event.target.value)} />}
          </Field>
          <Field label="Time zone" hint="IANA name, e.g. America/La_Paz" error={fieldError(errors, 'timezone')}>
            {(props) => <input {...props} value={timezone} onChange={(event) => setTimezone(event.target.value)} />}
          </Field>
        </div>
        <Field label="Languages" hint="Language tags, separated by commas." error={fieldError(errors, 'languages', true)}>
          {(props) => <input {...props} value={languages} placeholder="es, ay, qu" onChange={(event) => setLanguages(event.target.value)} />}
        </Field>
        <fieldset className="checkbox-group">
          <legend>Regions</legend>
          {regions.length === 0 && <p className="muted">No regions: the region factor adds nothing.</p>}
          {errors.regions && <p className="field-error">{errors.regions}</p>}
          {regions.map((row, index) => (
            <div key={index} className="form-row region-row">
              <Field label={`Region ${index + 1} code`} error={fieldError(errors, `regions.${index}.code`)}>
                {(props) => <input {...props} value={row.code} onChange={(event) => setRegion(index, { code: event.target.value })} />}
              </Field>
              <Field label="Name" error={fieldError(errors, `regions.${index}.name`)}>
                {(props) => <input {...props} value={row.name} onChange={(event) => setRegion(index, { name: event.target.value })} />}
              </Field>
              <Field label="Sensitivity (0–3)" error={fieldError(errors, `regions.${index}.sensitivity`)}>
                {(props) => (
                  <input {...props} type="number" min={0} max={3} step={1} value={row.sensitivity}
                    onChange={(event) => setRegion(index, { sensitivity: event.target.value })} />
                )}
              </Field>
              <button type="button" className="button button-small button-ghost region-remove"
                onClick={() => setRegions((rows) => rows.filter((_, i) => i !== index))}>
                Remove<span className="visually-hidden">{` region ${index + 1}`}</span>
              </button>
            </div>
          ))}
          <button type="button" className="button button-small" onClick={() => setRegions((rows) => [...rows, { code: '', name: '', sensitivity: '0' }])}>
            Add a region
          </button>
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={active} onChange={(event) => setActive(event.target.checked)} />
          Make it the active election
        </label>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? 'Creating…' : 'Create election'}
          </button>
          {created && <p className="form-success" role="status">{created}</p>}
        </div>
      </form>
    </section>
  );
}

type SlaText = Record<Priority, { acknowledgeMinutes: string; rebuttalMinutes: string }>;

const FACTOR_LABELS: Partial<Record<ScoreFactorName, string>> = {
  harm_language: 'Violence / hate language',
  region: 'Region sensitivity',
  track_record: 'Filer track record',
};

function SettingsForm({ election, onSaved, onUnauthorized }: { election: Election; onSaved(): void; onUnauthorized(): void }) {
  const settings = election.settings;
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
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setFormError(null);
    const checked = validate(TriageSettings, {
      // Points per category and platform have no form yet: keep what is stored.
      ...settings,
      weights: Object.fromEntries(SCORE_FACTORS.map((factor) => [factor, numberOrText(weights[factor])])),
      cutoffs: { P1: numberOrText(cutoffs.P1), P2: numberOrText(cutoffs.P2), P3: numberOrText(cutoffs.P3) },
      sla: Object.fromEntries(PRIORITIES.map((p) => [p, {
        acknowledgeMinutes: numberOrText(sla[p].acknowledgeMinutes),
        rebuttalMinutes: numberOrText(sla[p].rebuttalMinutes),
      }])),
      escalateAfterMinutes: numberOrText(escalate),
    });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setPending(true);
    try {
      await adminApi.saveSettings(election.id, checked.data);
      setSaved(true);
      onSaved();
    } catch (error) {
      const apiError = asApiError(error);
      if (apiError.isUnauthorized) return onUnauthorized();
      setErrors(errorsFromApi(apiError));
      setFormError(apiError.message);
    } finally {
      setPending(false);
    }
  }

  const placed = [
    ...SCORE_FACTORS.map((f) => `weights.${f}`), 'cutoffs', 'sla', 'escalateAfterMinutes',
  ];
  return (
    <section className="admin-card" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{`Triage settings: ${election.name}`}</h2>
      <form className="admin-form" onSubmit={submit} noValidate>
        <FormError message={formError} details={unplacedErrors(errors, placed)} />
        <fieldset className="checkbox-group">
          <legend>Factor weights (0 switches a factor off, 1 keeps it, up to 5)</legend>
          <div className="form-grid">
            {SCORE_FACTORS.map((factor) => (
              <Field key={factor} label={FACTOR_LABELS[factor] ?? humanize(factor)} error={fieldError(errors, `weights.${factor}`)}>
                {(props) => (
                  <input {...props} type="number" min={0} max={5} step={0.1} value={weights[factor]}
                    onChange={(event) => setWeights((current) => ({ ...current, [factor]: event.target.value }))} />
                )}
              </Field>
            ))}
          </div>
        </fieldset>
        <fieldset className="checkbox-group">
          <legend>Priority cut-offs (severity at or above; P1 &gt; P2 &gt; P3)</legend>
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
          <legend>Response deadlines in minutes</legend>
          {errors.sla && <p className="field-error">{errors.sla}</p>}
          <div className="sla-grid">
            {PRIORITIES.map((p) => (
              <div key={p} className="form-row">
                <Field label={`${p} acknowledge`} error={fieldError(errors, `sla.${p}.acknowledgeMinutes`)}>
                  {(props) => (
                    <input {...props} type="number" min={0.01} step="any" value={sla[p].acknowledgeMinutes}
                      onChange={(event) => setSla((current) => ({ ...current, [p]: { ...current[p], acknowledgeMinutes: event.target.value } }))} />
                  )}
                </Field>
                <Field label={`${p} rebuttal`} error={fieldError(errors, `sla.${p}.rebuttalMinutes`) ?? fieldError(errors, `sla.${p}`)}>
                  {(props) => (
                    <input {...props} type="number" min={0.01} step="any" value={sla[p].rebuttalMinutes}
                      onChange={(event) => setSla((current) => ({ ...current, [p]: { ...current[p], rebuttalMinutes: event.target.value } }))} />
                  )}
                </Field>
              </div>
            ))}
          </div>
        </fieldset>
        <Field label="Escalate to the coalition lead after (minutes)" error={fieldError(errors, 'escalateAfterMinutes')}>
          {(props) => (
            <input {...props} className="input-narrow" type="number" min={0.01} step="any" value={escalate}
              onChange={(event) => setEscalate(event.target.value)} />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? 'Saving…' : 'Save settings'}
          </button>
          {saved && <p className="form-success" role="status">Saved. The next triage uses these settings.</p>}
        </div>
      </form>
    </section>
  );
}
