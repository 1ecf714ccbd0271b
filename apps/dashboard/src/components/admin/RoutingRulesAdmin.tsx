import { useState, type FormEvent, type ReactNode } from 'react';
import { CATEGORIES, PLATFORMS, PRIORITIES, RoutingRuleInput, RoutingTestInput, type Category, type Platform, type Priority } from '@sitroom/core';
import { adminApi, type Desk, type RoutingRule, type RoutingTestResult } from '../../admin-api.ts';
import { errorsFromApi, fieldError, splitList, unplacedErrors, validate, type FieldErrors } from '../../form-errors.ts';
import { categoryLabel, platformLabel } from '../../format.ts';
import { describeConditions, moveId } from '../../routing-rules.ts';
import { asApiError, CheckboxGroup, Field, FormActions, FormError, Loadable, useFormSubmit, useLoad } from './ui.tsx';
import { useT } from '../../i18n/index.ts';
import { routeReason, ruleWhy } from '../../server-text.ts';

interface Props {
  onUnauthorized(): void;
}

const loadRules = (signal: AbortSignal) => adminApi.routingRules(signal).then((list) => list.items);
const loadDesks = (signal: AbortSignal) => adminApi.desks(signal).then((list) => list.items);

export function RoutingRulesAdmin({ onUnauthorized }: Props) {
  const { t } = useT();
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
        <p className="muted">{t('rules.intro', { desk: defaultDesk ? ` (${defaultDesk.name})` : '' })}</p>
      </div>
      {actionError && (
        <div className="notice notice-error" role="alert">
          {actionError}
        </div>
      )}
      <section className="admin-card" aria-labelledby="rules-heading">
        <h2 id="rules-heading">{t('rules.heading')}</h2>
        <Loadable load={rules} what={t('rules.what')} failed={t('rules.loadFailed')}>
          {(ruleList) => ruleList.length === 0 ? (
            <p className="empty-note" data-testid="rules-empty">
              {t('rules.empty')}
            </p>
          ) : (
            <ol className="rule-list" data-testid="rule-list">
              {ruleList.map((rule, index, list) => (
                <li key={rule.id} className={`rule${rule.enabled ? '' : ' is-disabled'}`} data-testid="rule-item">
                  <div className="rule-main">
                    <span className="rule-position" aria-hidden="true">{index + 1}</span>
                    <div>
                      <p className="rule-name">
                        <strong>{rule.name}</strong> {!rule.enabled && <span className="badge status">{t('rules.disabled')}</span>}
                      </p>
                      <p className="rule-detail">
                        {describeConditions(t, rule.conditions)} → <strong>{rule.deskName}</strong>
                      </p>
                    </div>
                  </div>
                  <div className="row-actions">
                    <button type="button" className="button button-small" disabled={index === 0 || busy !== null}
                      onClick={() => move(list, index, -1)} aria-label={t('rules.moveUpLabel', { name: rule.name })}>
                      ↑<span className="visually-hidden">{` ${t('rules.moveUp')}`}</span>
                    </button>
                    <button type="button" className="button button-small" disabled={index === list.length - 1 || busy !== null}
                      onClick={() => move(list, index, 1)} aria-label={t('rules.moveDownLabel', { name: rule.name })}>
                      ↓<span className="visually-hidden">{` ${t('rules.moveDown')}`}</span>
                    </button>
                    <button type="button" className="button button-small" disabled={busy !== null}
                      onClick={() => act(`toggle-${rule.id}`, () => adminApi.updateRoutingRule(rule.id, { enabled: !rule.enabled }))}>
                      {rule.enabled ? t('rules.disable') : t('rules.enable')}
                      <span className="visually-hidden">{` ${rule.name}`}</span>
                    </button>
                    <button type="button" className="button button-small button-danger" disabled={busy !== null}
                      onClick={() => {
                        if (window.confirm(t('rules.confirmDelete', { name: rule.name }))) void act(`delete-${rule.id}`, () => adminApi.deleteRoutingRule(rule.id));
                      }}>
                      {t('rules.delete')}<span className="visually-hidden">{` ${rule.name}`}</span>
                    </button>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </Loadable>
      </section>

      <div className="admin-columns">
        <NewRuleForm desks={deskList} desksLoading={desks.state.kind === 'loading'} onCreated={rules.reload} onUnauthorized={onUnauthorized} />
        <RoutingTestForm onUnauthorized={onUnauthorized} />
      </div>
    </div>
  );
}

function NewRuleForm({ desks, desksLoading, onCreated, onUnauthorized }: { desks: Desk[]; desksLoading: boolean; onCreated(): void; onUnauthorized(): void }) {
  const { t } = useT();
  const [name, setName] = useState('');
  const [deskId, setDeskId] = useState('');
  const [categories, setCategories] = useState<Category[]>([]);
  const [platforms, setPlatforms] = useState<Platform[]>([]);
  const [priorities, setPriorities] = useState<Priority[]>([]);
  const [regions, setRegions] = useState('');
  const [languages, setLanguages] = useState('');
  const [enabled, setEnabled] = useState(true);
  const { errors, formError, pending, done, send } = useFormSubmit({ onUnauthorized, t });

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(RoutingRuleInput, {
      name,
      deskId,
      enabled,
      conditions: { categories, regions: splitList(regions), languages: splitList(languages), platforms, priorities },
    }, async (data) => {
      const rule = await adminApi.createRoutingRule(data);
      setName('');
      setCategories([]);
      setPlatforms([]);
      setPriorities([]);
      setRegions('');
      setLanguages('');
      onCreated();
      return t('rules.added', { name: rule.name, position: rule.position });
    });
  }

  const shown = ['name', 'deskId', 'enabled', 'conditions.categories', 'conditions.regions', 'conditions.languages', 'conditions.platforms', 'conditions.priorities'];
  return (
    <section className="admin-card" aria-labelledby="new-rule-heading">
      <h2 id="new-rule-heading">{t('rules.addHeading')}</h2>
      <form className="admin-form" onSubmit={submit} noValidate data-testid="rule-form">
        <FormError message={formError} details={unplacedErrors(errors, shown)} />
        <Field label={t('admin.name')} error={fieldError(errors, 'name')}>
          {(props) => <input {...props} value={name} maxLength={200} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Field label={t('rules.sendTo')} error={fieldError(errors, 'deskId')} hint={desksLoading ? t('rules.loadingDesks') : undefined}>
          {(props) => (
            <select {...props} value={deskId} onChange={(event) => setDeskId(event.target.value)}>
              <option value="">{t('rules.chooseDesk')}</option>
              {desks.map((desk) => (
                <option key={desk.id} value={desk.id}>
                  {desk.name}
                  {desk.isDefault ? t('rules.default') : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <CheckboxGroup legend={t('rules.categories')} options={CATEGORIES} selected={categories} onChange={setCategories}
          label={(value) => categoryLabel(t, value)} error={fieldError(errors, 'conditions.categories', true)} />
        <CheckboxGroup legend={t('rules.priorities')} options={PRIORITIES} selected={priorities} onChange={setPriorities}
          label={(value) => value} error={fieldError(errors, 'conditions.priorities', true)} />
        <CheckboxGroup legend={t('rules.platforms')} options={PLATFORMS} selected={platforms} onChange={setPlatforms}
          label={(value) => platformLabel(t, value)} error={fieldError(errors, 'conditions.platforms', true)} />
        <div className="form-row">
          <Field label={t('rules.regions')} hint={t('rules.regionsHint')} error={fieldError(errors, 'conditions.regions', true)}>
            {(props) => <input {...props} value={regions} placeholder="LP, CB" onChange={(event) => setRegions(event.target.value)} />}
          </Field>
          <Field label={t('rules.languages')} hint={t('rules.languagesHint')} error={fieldError(errors, 'conditions.languages', true)}>
            {(props) => <input {...props} value={languages} placeholder="es, ay" onChange={(event) => setLanguages(event.target.value)} />}
          </Field>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
          {t('admin.enabled')}
        </label>
        <FormActions label={t('rules.add')} pendingLabel={t('rules.adding')} pending={pending} done={done} />
      </form>
    </section>
  );
}

function RoutingTestForm({ onUnauthorized }: { onUnauthorized(): void }) {
  const { t } = useT();
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
    const checked = validate(RoutingTestInput, { category, region: region.trim() || null, language: language.trim(), platform, priority }, t);
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
      setErrors(errorsFromApi(apiError, t));
      setFormError(apiError.message);
      setResult(null);
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="admin-card" aria-labelledby="test-rule-heading">
      <h2 id="test-rule-heading">{t('rules.testHeading')}</h2>
      <p className="muted">{t('rules.testIntro')}</p>
      <form className="admin-form" onSubmit={submit} noValidate data-testid="routing-test-form">
        <FormError message={formError} details={unplacedErrors(errors, ['category', 'region', 'language', 'platform', 'priority'])} />
        <div className="form-row">
          <Field label={t('rules.category')} error={fieldError(errors, 'category')}>
            {(props) => (
              <select {...props} value={category} onChange={(event) => setCategory(event.target.value as Category)}>
                {CATEGORIES.map((value) => (
                  <option key={value} value={value}>{categoryLabel(t, value)}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('rules.priority')} error={fieldError(errors, 'priority')}>
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
          <Field label={t('rules.platform')} error={fieldError(errors, 'platform')}>
            {(props) => (
              <select {...props} value={platform} onChange={(event) => setPlatform(event.target.value as Platform)}>
                {PLATFORMS.map((value) => (
                  <option key={value} value={value}>{platformLabel(t, value)}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('rules.language')} error={fieldError(errors, 'language')}>
            {(props) => <input {...props} value={language} onChange={(event) => setLanguage(event.target.value)} />}
          </Field>
          <Field label={t('rules.region')} hint={t('admin.optional')} error={fieldError(errors, 'region')}>
            {(props) => <input {...props} value={region} onChange={(event) => setRegion(event.target.value)} />}
          </Field>
        </div>
        <FormActions label={t('rules.test')} pendingLabel={t('rules.testing')} pending={pending} />
      </form>
      {result && (
        <div className="test-result" role="status" data-testid="routing-test-result">
          <p className="test-verdict">
            <GoesTo template={t('rules.goesTo')}>
              <strong data-testid="routing-test-desk">{result.deskName ?? t('rules.noDesk')}</strong>
            </GoesTo>
          </p>
          <p className="muted">{routeReason(t, result.reason)}</p>
          {result.evaluated.length > 0 ? (
            <ol className="verdicts">
              {result.evaluated.map((verdict) => (
                <li key={verdict.ruleId} className={verdict.matched ? 'is-match' : 'is-miss'}>
                  <span className="verdict-mark">{verdict.matched ? t('rules.matched') : t('rules.noMatch')}</span>
                  <strong>{verdict.name}</strong>: {ruleWhy(t, verdict.why)}
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">{t('rules.noneTried')}</p>
          )}
        </div>
      )}
    </section>
  );
}

/** "Goes to <desk>" with the desk wherever the language puts `{desk}`. */
function GoesTo({ template, children }: { template: string; children: ReactNode }) {
  const [before, after = ''] = template.split('{desk}');
  return (
    <>
      {before}
      {children}
      {after}
    </>
  );
}
