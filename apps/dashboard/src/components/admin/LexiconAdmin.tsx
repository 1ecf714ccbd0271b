import { useState, type FormEvent } from 'react';
import { LexiconTermInput, LexiconTermPatch } from '@sitroom/core';
import { adminApi, type LexiconTerm } from '../../admin-api.ts';
import { errorsFromApi, fieldError, numberOrText, unplacedErrors, validate } from '../../form-errors.ts';
import { asApiError, Field, FormActions, FormError, LoadedTable, useFormSubmit, useLoad } from './ui.tsx';
import { useT } from '../../i18n/index.ts';

const loadTerms = (signal: AbortSignal) => adminApi.lexicon(signal).then((list) => list.items);

export function LexiconAdmin({ onUnauthorized }: { onUnauthorized(): void }) {
  const terms = useLoad(loadTerms, onUnauthorized);
  const { t } = useT();
  const [language, setLanguage] = useState('');

  const all = terms.state.kind === 'loaded' ? terms.state.data : [];
  const languages = [...new Set(all.map((term) => term.language))].sort();

  return (
    <div className="admin-section">
      <p className="muted admin-intro">{t('lexicon.intro')}</p>
      <div className="admin-columns admin-columns-wide">
        <section className="admin-card" aria-labelledby="lexicon-heading">
          <div className="card-head">
            <h2 id="lexicon-heading">{t('lexicon.heading')}</h2>
            {languages.length > 1 && (
              <Field label={t('lexicon.language')} className="field-inline">
                {(props) => (
                  <select {...props} value={language} onChange={(event) => setLanguage(event.target.value)}>
                    <option value="">{t('lexicon.all')}</option>
                    {languages.map((value) => (
                      <option key={value} value={value}>{value}</option>
                    ))}
                  </select>
                )}
              </Field>
            )}
          </div>
          <LoadedTable load={terms} rows={(list) => (language ? list.filter((term) => term.language === language) : list)}
            what={t('lexicon.what')} failed={t('lexicon.loadFailed')} empty={t('lexicon.empty')}
            columns={[t('lexicon.term'), t('lexicon.lang'), t('lexicon.kind'), t('lexicon.weight'), t('admin.actions')]}>
            {(term) => <TermRow key={term.id} term={term} onChanged={terms.reload} onUnauthorized={onUnauthorized} />}
          </LoadedTable>
        </section>
        <NewTermForm onCreated={terms.reload} onUnauthorized={onUnauthorized} />
      </div>
    </div>
  );
}

function TermRow({ term, onChanged, onUnauthorized }: { term: LexiconTerm; onChanged(): void; onUnauthorized(): void }) {
  const { t } = useT();
  const [weight, setWeight] = useState(String(term.weight));
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function run(action: () => Promise<unknown>) {
    setPending(true);
    setError(null);
    try {
      await action();
      onChanged();
    } catch (caught) {
      const apiError = asApiError(caught);
      if (apiError.isUnauthorized) return onUnauthorized();
      setError(errorsFromApi(apiError, t).weight ?? apiError.message);
    } finally {
      setPending(false);
    }
  }

  function saveWeight(event: FormEvent) {
    event.preventDefault();
    const checked = validate(LexiconTermPatch, { weight: numberOrText(weight) }, t);
    if (!checked.ok) return setError(fieldError(checked.errors, 'weight') ?? t('lexicon.checkWeight'));
    void run(() => adminApi.updateTerm(term.id, checked.data));
  }

  const errorId = `term-${term.id}-error`;
  return (
    <tr className={term.enabled ? undefined : 'is-disabled'}>
      <th scope="row">
        {term.term}
        {!term.enabled && <span className="badge status">{t('lexicon.disabled')}</span>}
      </th>
      <td>{term.language}</td>
      <td>
        <span className={`term term-${term.kind}`}>{term.kind === 'violence' ? t('lexicon.violence') : t('lexicon.hate')}</span>
      </td>
      <td>
        <form className="inline-form" onSubmit={saveWeight} noValidate>
          <label className="visually-hidden" htmlFor={`term-${term.id}-weight`}>{t('lexicon.weightOf', { term: term.term })}</label>
          <input id={`term-${term.id}-weight`} className="input-narrow" type="number" min={1} max={20} step={1} value={weight}
            aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined}
            onChange={(event) => setWeight(event.target.value)} />
          {weight !== String(term.weight) && (
            <button type="submit" className="button button-small" disabled={pending}>
              {t('lexicon.save')}<span className="visually-hidden">{` ${t('lexicon.saveWeightOf', { term: term.term })}`}</span>
            </button>
          )}
        </form>
        {error && <p className="field-error" id={errorId} role="alert">{error}</p>}
      </td>
      <td className="row-actions">
        <button type="button" className="button button-small" disabled={pending}
          onClick={() => run(() => adminApi.updateTerm(term.id, { enabled: !term.enabled }))}>
          {term.enabled ? t('lexicon.disable') : t('lexicon.enable')}
          <span className="visually-hidden">{` ${term.term}`}</span>
        </button>
        <button type="button" className="button button-small button-danger" disabled={pending}
          onClick={() => {
            if (window.confirm(t('lexicon.confirmDelete', { term: term.term }))) void run(() => adminApi.deleteTerm(term.id));
          }}>
          {t('lexicon.delete')}<span className="visually-hidden">{` ${term.term}`}</span>
        </button>
      </td>
    </tr>
  );
}

function NewTermForm({ onCreated, onUnauthorized }: { onCreated(): void; onUnauthorized(): void }) {
  const { t } = useT();
  const [language, setLanguage] = useState('es');
  const [term, setTerm] = useState('');
  const [kind, setKind] = useState<'violence' | 'hate'>('violence');
  const [weight, setWeight] = useState('5');
  const [enabled, setEnabled] = useState(true);
  const { errors, formError, pending, done, send } = useFormSubmit({ onUnauthorized, t, conflict: 'term' });

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(LexiconTermInput, { language: language.trim(), term, kind, weight: numberOrText(weight), enabled }, async (data) => {
      const created = await adminApi.createTerm(data);
      setTerm('');
      onCreated();
      return t('lexicon.added', { term: created.term, language: created.language });
    });
  }

  return (
    <section className="admin-card" aria-labelledby="new-term-heading">
      <h2 id="new-term-heading">{t('lexicon.addHeading')}</h2>
      <form className="admin-form" onSubmit={submit} noValidate>
        <FormError message={formError} details={unplacedErrors(errors, ['language', 'term', 'kind', 'weight', 'enabled'])} />
        <Field label={t('lexicon.term')} error={fieldError(errors, 'term')}>
          {(props) => <input {...props} value={term} maxLength={200} onChange={(event) => setTerm(event.target.value)} />}
        </Field>
        <div className="form-row">
          <Field label={t('lexicon.language')} hint={t('lexicon.languageHint')} error={fieldError(errors, 'language')}>
            {(props) => <input {...props} value={language} onChange={(event) => setLanguage(event.target.value)} />}
          </Field>
          <Field label={t('lexicon.kind')} error={fieldError(errors, 'kind')}>
            {(props) => (
              <select {...props} value={kind} onChange={(event) => setKind(event.target.value as 'violence' | 'hate')}>
                <option value="violence">{t('lexicon.violence')}</option>
                <option value="hate">{t('lexicon.hate')}</option>
              </select>
            )}
          </Field>
          <Field label={t('lexicon.weight')} hint={t('lexicon.weightHint')} error={fieldError(errors, 'weight')}>
            {(props) => (
              <input {...props} type="number" min={1} max={20} step={1} value={weight} onChange={(event) => setWeight(event.target.value)} />
            )}
          </Field>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
          {t('lexicon.enabled')}
        </label>
        <FormActions label={t('lexicon.add')} pendingLabel={t('lexicon.adding')} pending={pending} done={done} />
      </form>
    </section>
  );
}
