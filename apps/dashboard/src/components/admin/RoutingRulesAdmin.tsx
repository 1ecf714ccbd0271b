import { useState, type FormEvent } from 'react';
import { CATEGORIES, PLATFORMS, PRIORITIES, RoutingRuleInput, RoutingTestInput, type Category, type Platform, type Priority } from '@sitroom/core';
import { adminApi, type Desk, type RoutingRule, type RoutingTestResult } from '../../admin-api.ts';
import { errorsFromApi, fieldError, splitList, unplacedErrors, validate, type FieldErrors } from '../../form-errors.ts';
import { categoryLabel, platformLabel } from '../../format.ts';
import { describeConditions, moveId } from '../../routing-rules.ts';
import { asApiError, CheckboxGroup, Field, FormError, LoadError, LoadingState, useLoad } from './ui.tsx';

interface Props {
  onUnauthorized(): void;
}

const loadRules = (signal: AbortSignal) => adminApi.routingRules(signal).then((list) => list.items);
const loadDesks = (signal: AbortSignal) => adminApi.desks(signal).then((list) => list.items);

export function RoutingRulesAdmin({ onUnauthorized }: Props) {
  const rules = useLoad(loadRules, onUnauthorized);
  const desks = useLoad(loadDesks, onUnauthorized);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const deskList = desks.state.kind === 'loaded' ? desks.state.data : [];
  const defaultDesk = deskList.find((desk) => desk.isDefault);

  async function act(key: string, action: () => Promise<unknown>) {
    setBusy(key);
    setActionError(null);
    try {
      await action();
      rules.reload();
    } catch (error) {
      const apiError = asApiError(error);
      if (apiError.isUnauthorized) return onUnauthorized();
      setActionError(apiError.message);
    } finally {
      setBusy(null);
    }
  }

  function move(list: RoutingRule[], index: number, delta: -1 | 1) {
    const ids = moveId(list.map((rule) => rule.id), index, delta);
    void act(`move-${list[index]!.id}`, async () => rules.replace((await adminApi.reorderRoutingRules(ids)).items));
  }

  return (
    <div className="admin-section">
      <div className="admin-intro">
        <p className="muted">
          Rules are tried from the top; the first one whose conditions all match sends the incident to its desk. An empty
          condition matches anything. Unmatched incidents go to the default desk
          {defaultDesk ? ` (${defaultDesk.name})` : ''}.
        </p>
      </div>
      {actionError && (
        <div className="notice notice-error" role="alert">
          {actionError}
        </div>
      )}
      <section className="admin-card" aria-labelledby="rules-heading">
        <h2 id="rules-heading">Rules, in order</h2>
        {rules.state.kind === 'loading' ? (
          <LoadingState what="routing rules" />
        ) : rules.state.kind === 'error' ? (
          <LoadError what="The routing rules" error={rules.state.error} onRetry={rules.reload} />
        ) : rules.state.data.length === 0 ? (
          <p className="empty-note" data-testid="rules-empty">
            No routing rules yet: everything goes to the default desk.
          </p>
        ) : (
          <ol className="rule-list" data-testid="rule-list">
            {rules.state.data.map((rule, index, list) => (
              <li key={rule.id} className={`rule${rule.enabled ? '' : ' is-disabled'}`} data-testid="rule-item">
                <div className="rule-main">
                  <span className="rule-position" aria-hidden="true">{index + 1}</span>
                  <div>
                    <p className="rule-name">
                      <strong>{rule.name}</strong> {!rule.enabled && <span className="badge status">Disabled</span>}
                    </p>
                    <p className="rule-detail">
                      {describeConditions(rule.conditions)} → <strong>{rule.deskName}</strong>
                    </p>
                  </div>
                </div>
                <div className="row-actions">
                  <button type="button" className="button button-small" disabled={index === 0 || busy !== null}
                    onClick={() => move(list, index, -1)} aria-label={`Move ${rule.name} up`}>
                    ↑<span className="visually-hidden"> Move up</span>
                  </button>
                  <button type="button" className="button button-small" disabled={index === list.length - 1 || busy !== null}
                    onClick={() => move(list, index, 1)} aria-label={`Move ${rule.name} down`}>
                    ↓<span className="visually-hidden"> Move down</span>
                  </button>
                  <button type="button" className="button button-small" disabled={busy !== null}
                    onClick={() => act(`toggle-${rule.id}`, () => adminApi.updateRoutingRule(rule.id, { enabled: !rule.enabled }))}>
                    {rule.enabled ? 'Disable' : 'Enable'}
                    <span className="visually-hidden">{` ${rule.name}`}</span>
                  </button>
                  <button type="button" className="button button-small button-danger" disabled={busy !== null}
                    onClick={() => {
                      if (window.confirm(`Delete the rule "${rule.name}"?`)) void act(`delete-${rule.id}`, () => adminApi.deleteRoutingRule(rule.id));
                    }}>
                    Delete<span className="visually-hidden">{` ${rule.name}`}</span>
                  </button>
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>

      <div className="admin-columns">
        <NewRuleForm desks={deskList} desksLoading={desks.state.kind === 'loading'} onCreated={rules.reload} onUnauthorized={onUnauthorized} />
        <RoutingTestForm onUnauthorized={onUnauthorized} />
      </div>
    </div>
  );
}

function NewRuleForm({ desks, desksLoading, onCreated, onUnauthorized }: { desks: Desk[]; desksLoading: boolean; onCreated(): void; onUnauthorized(): void }) {
  const [name, setName] = useState('');
  const [deskId, setDeskId] = useState('');
  const [categories, setCategories] = useState<Category[]>([]);
  const [platforms, setPlatforms] = useState<Platform[]>([]);
  const [priorities, setPriorities] = useState<Priority[]>([]);
  const [regions, setRegions] = useState('');
  const [languages, setLanguages] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    setFormError(null);
    const checked = validate(RoutingRuleInput, {
      name,
      deskId,
      enabled,
      conditions: { categories, regions: splitList(regions), languages: splitList(languages), platforms, priorities },
    });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const rule = await adminApi.createRoutingRule(checked.data);
      setCreated(`Rule "${rule.name}" added at position ${rule.position}.`);
      setName('');
      setCategories([]);
      setPlatforms([]);
      setPriorities([]);
      setRegions('');
      setLanguages('');
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

  const shown = ['name', 'deskId', 'enabled', 'conditions.categories', 'conditions.regions', 'conditions.languages', 'conditions.platforms', 'conditions.priorities'];
  return (
    <section className="admin-card" aria-labelledby="new-rule-heading">
      <h2 id="new-rule-heading">Add a rule</h2>
      <form className="admin-form" onSubmit={submit} noValidate data-testid="rule-form">
        <FormError message={formError} details={unplacedErrors(errors, shown)} />
        <Field label="Name" error={fieldError(errors, 'name')}>
          {(props) => <input {...props} value={name} maxLength={200} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Field label="Send to desk" error={fieldError(errors, 'deskId')} hint={desksLoading ? 'Loading desks…' : undefined}>
          {(props) => (
            <select {...props} value={deskId} onChange={(event) => setDeskId(event.target.value)}>
              <option value="">Choose a desk</option>
              {desks.map((desk) => (
                <option key={desk.id} value={desk.id}>
                  {desk.name}
                  {desk.isDefault ? ' (default)' : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <CheckboxGroup legend="Categories" options={CATEGORIES} selected={categories} onChange={setCategories}
          label={categoryLabel} error={fieldError(errors, 'conditions.categories', true)} />
        <CheckboxGroup legend="Priorities" options={PRIORITIES} selected={priorities} onChange={setPriorities}
          label={(value) => value} error={fieldError(errors, 'conditions.priorities', true)} />
        <CheckboxGroup legend="Platforms" options={PLATFORMS} selected={platforms} onChange={setPlatforms}
          label={platformLabel} error={fieldError(errors, 'conditions.platforms', true)} />
        <div className="form-row">
          <Field label="Regions" hint="Region codes, separated by commas; empty for any." error={fieldError(errors, 'conditions.regions', true)}>
            {(props) => <input {...props} value={regions} placeholder="LP, CB" onChange={(event) => setRegions(event.target.value)} />}
          </Field>
          <Field label="Languages" hint="Language tags, separated by commas; empty for any." error={fieldError(errors, 'conditions.languages', true)}>
            {(props) => <input {...props} value={languages} placeholder="es, ay" onChange={(event) => setLanguages(event.target.value)} />}
          </Field>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
          Enabled
        </label>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? 'Adding…' : 'Add rule'}
          </button>
          {created && (
            <p className="form-success" role="status">
              {created}
            </p>
          )}
        </div>
      </form>
    </section>
  );
}

function RoutingTestForm({ onUnauthorized }: { onUnauthorized(): void }) {
  const [category, setCategory] = useState<Category>('voting_process');
  const [region, setRegion] = useState('');
  const [language, setLanguage] = useState('es');
  const [platform, setPlatform] = useState<Platform>('facebook');
  const [priority, setPriority] = useState<Priority>('P2');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<RoutingTestResult | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const checked = validate(RoutingTestInput, { category, region: region.trim() || null, language: language.trim(), platform, priority });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setPending(true);
    try {
      setResult(await adminApi.testRouting(checked.data));
    } catch (error) {
      const apiError = asApiError(error);
      if (apiError.isUnauthorized) return onUnauthorized();
      setErrors(errorsFromApi(apiError));
      setFormError(apiError.message);
      setResult(null);
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="admin-card" aria-labelledby="test-rule-heading">
      <h2 id="test-rule-heading">Test a sample</h2>
      <p className="muted">Which desk would an incident like this go to, and why?</p>
      <form className="admin-form" onSubmit={submit} noValidate data-testid="routing-test-form">
        <FormError message={formError} details={unplacedErrors(errors, ['category', 'region', 'language', 'platform', 'priority'])} />
        <div className="form-row">
          <Field label="Category" error={fieldError(errors, 'category')}>
            {(props) => (
              <select {...props} value={category} onChange={(event) => setCategory(event.target.value as Category)}>
                {CATEGORIES.map((value) => (
                  <option key={value} value={value}>{categoryLabel(value)}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Priority" error={fieldError(errors, 'priority')}>
            {(props) => (
              <select {...props} value={priority} onChange={(event) => setPriority(event.target.value as Priority)}>
                {PRIORITIES.map((value) => (
                  <option key={value} value={value}>{value}</option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="form-row">
          <Field label="Platform" error={fieldError(errors, 'platform')}>
            {(props) => (
              <select {...props} value={platform} onChange={(event) => setPlatform(event.target.value as Platform)}>
                {PLATFORMS.map((value) => (
                  <option key={value} value={value}>{platformLabel(value)}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Language" error={fieldError(errors, 'language')}>
            {(props) => <input {...props} value={language} onChange={(event) => setLanguage(event.target.value)} />}
          </Field>
          <Field label="Region" hint="Optional." error={fieldError(errors, 'region')}>
            {(props) => <input {...props} value={region} onChange={(event) => setRegion(event.target.value)} />}
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? 'Testing…' : 'Test'}
          </button>
        </div>
      </form>
      {result && (
        <div className="test-result" role="status" data-testid="routing-test-result">
          <p className="test-verdict">
            Goes to <strong data-testid="routing-test-desk">{result.deskName ?? 'no desk (no default desk is set)'}</strong>
          </p>
          <p className="muted">{result.reason}</p>
          {result.evaluated.length > 0 ? (
            <ol className="verdicts">
              {result.evaluated.map((verdict) => (
                <li key={verdict.ruleId} className={verdict.matched ? 'is-match' : 'is-miss'}>
                  <span className="verdict-mark">{verdict.matched ? 'Matched' : 'No match'}</span>
                  <strong>{verdict.name}</strong>: {verdict.why}
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">No rules were tried.</p>
          )}
        </div>
      )}
    </section>
  );
}
