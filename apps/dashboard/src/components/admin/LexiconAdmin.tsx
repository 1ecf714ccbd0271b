import { useState, type FormEvent } from 'react';
import { LexiconTermInput, LexiconTermPatch } from '@sitroom/core';
import { adminApi, type LexiconTerm } from '../../admin-api.ts';
import { errorsFromApi, fieldError, numberOrText, unplacedErrors, validate, type FieldErrors } from '../../form-errors.ts';
import { asApiError, Field, FormError, LoadError, LoadingState, useLoad } from './ui.tsx';

const loadTerms = (signal: AbortSignal) => adminApi.lexicon(signal).then((list) => list.items);

export function LexiconAdmin({ onUnauthorized }: { onUnauthorized(): void }) {
  const terms = useLoad(loadTerms, onUnauthorized);
  const [language, setLanguage] = useState('');

  const all = terms.state.kind === 'loaded' ? terms.state.data : [];
  const languages = [...new Set(all.map((term) => term.language))].sort();
  const shown = language ? all.filter((term) => term.language === language) : all;

  return (
    <div className="admin-section">
      <p className="muted admin-intro">
        Violence and hate indicators per language. A claim that contains a term gets its weight added to the
        "harm language" factor, and the responder sees which terms matched. End a term with * to match any word
        starting so (mat* matches matar, maten).
      </p>
      <div className="admin-columns admin-columns-wide">
        <section className="admin-card" aria-labelledby="lexicon-heading">
          <div className="card-head">
            <h2 id="lexicon-heading">Terms</h2>
            {languages.length > 1 && (
              <Field label="Language" className="field-inline">
                {(props) => (
                  <select {...props} value={language} onChange={(event) => setLanguage(event.target.value)}>
                    <option value="">All</option>
                    {languages.map((value) => (
                      <option key={value} value={value}>{value}</option>
                    ))}
                  </select>
                )}
              </Field>
            )}
          </div>
          {terms.state.kind === 'loading' ? (
            <LoadingState what="the lexicon" />
          ) : terms.state.kind === 'error' ? (
            <LoadError what="The lexicon" error={terms.state.error} onRetry={terms.reload} />
          ) : shown.length === 0 ? (
            <p className="empty-note">No terms yet: no claim gets points for violent or hateful language.</p>
          ) : (
            <div className="table-wrap">
              <table className="admin-table">
                <thead>
                  <tr>
                    <th scope="col">Term</th>
                    <th scope="col">Lang.</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Weight</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((term) => (
                    <TermRow key={term.id} term={term} onChanged={terms.reload} onUnauthorized={onUnauthorized} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <NewTermForm onCreated={terms.reload} onUnauthorized={onUnauthorized} />
      </div>
    </div>
  );
}

function TermRow({ term, onChanged, onUnauthorized }: { term: LexiconTerm; onChanged(): void; onUnauthorized(): void }) {
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
      setError(errorsFromApi(apiError).weight ?? apiError.message);
    } finally {
      setPending(false);
    }
  }

  function saveWeight(event: FormEvent) {
    event.preventDefault();
    const checked = validate(LexiconTermPatch, { weight: numberOrText(weight) });
    if (!checked.ok) return setError(fieldError(checked.errors, 'weight') ?? 'Check the weight.');
    void run(() => adminApi.updateTerm(term.id, checked.data));
  }

  const errorId = `term-${term.id}-error`;
  return (
    <tr className={term.enabled ? undefined : 'is-disabled'}>
      <th scope="row">
        {term.term}
        {!term.enabled && <span className="badge status">Disabled</span>}
      </th>
      <td>{term.language}</td>
      <td>
        <span className={`term term-${term.kind}`}>{term.kind === 'violence' ? 'Violence' : 'Hate'}</span>
      </td>
      <td>
        <form className="inline-form" onSubmit={saveWeight} noValidate>
          <label className="visually-hidden" htmlFor={`term-${term.id}-weight`}>{`Weight of ${term.term}`}</label>
          <input id={`term-${term.id}-weight`} className="input-narrow" type="number" min={1} max={20} step={1} value={weight}
            aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined}
            onChange={(event) => setWeight(event.target.value)} />
          {weight !== String(term.weight) && (
            <button type="submit" className="button button-small" disabled={pending}>
              Save<span className="visually-hidden">{` weight of ${term.term}`}</span>
            </button>
          )}
        </form>
        {error && <p className="field-error" id={errorId} role="alert">{error}</p>}
      </td>
      <td className="row-actions">
        <button type="button" className="button button-small" disabled={pending}
          onClick={() => run(() => adminApi.updateTerm(term.id, { enabled: !term.enabled }))}>
          {term.enabled ? 'Disable' : 'Enable'}
          <span className="visually-hidden">{` ${term.term}`}</span>
        </button>
        <button type="button" className="button button-small button-danger" disabled={pending}
          onClick={() => {
            if (window.confirm(`Delete the term "${term.term}"?`)) void run(() => adminApi.deleteTerm(term.id));
          }}>
          Delete<span className="visually-hidden">{` ${term.term}`}</span>
        </button>
      </td>
    </tr>
  );
}

function NewTermForm({ onCreated, onUnauthorized }: { onCreated(): void; onUnauthorized(): void }) {
  const [language, setLanguage] = useState('es');
  const [term, setTerm] = useState('');
  const [kind, setKind] = useState<'violence' | 'hate'>('violence');
  const [weight, setWeight] = useState('5');
  const [enabled, setEnabled] = useState(true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [added, setAdded] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAdded(null);
    setFormError(null);
    const checked = validate(LexiconTermInput, { language: language.trim(), term, kind, weight: numberOrText(weight), enabled });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setPending(true);
    try {
      const created = await adminApi.createTerm(checked.data);
      setAdded(`Added "${created.term}" (${created.language}).`);
      setTerm('');
      onCreated();
    } catch (error) {
      const apiError = asApiError(error);
      if (apiError.isUnauthorized) return onUnauthorized();
      if (apiError.status === 409) setErrors({ term: apiError.message });
      else {
        setErrors(errorsFromApi(apiError));
        setFormError(apiError.message);
      }
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="admin-card" aria-labelledby="new-term-heading">
      <h2 id="new-term-heading">Add a term</h2>
      <form className="admin-form" onSubmit={submit} noValidate>
        <FormError message={formError} details={unplacedErrors(errors, ['language', 'term', 'kind', 'weight', 'enabled'])} />
        <Field label="Term" error={fieldError(errors, 'term')}>
          {(props) => <input {...props} value={term} maxLength={200} onChange={(event) => setTerm(event.target.value)} />}
        </Field>
        <div className="form-row">
          <Field label="Language" hint="A language tag: es, en, ay…" error={fieldError(errors, 'language')}>
            {(props) => <input {...props} value={language} onChange={(event) => setLanguage(event.target.value)} />}
          </Field>
          <Field label="Kind" error={fieldError(errors, 'kind')}>
            {(props) => (
              <select {...props} value={kind} onChange={(event) => setKind(event.target.value as 'violence' | 'hate')}>
                <option value="violence">Violence</option>
                <option value="hate">Hate</option>
              </select>
            )}
          </Field>
          <Field label="Weight" hint="1 to 20" error={fieldError(errors, 'weight')}>
            {(props) => (
              <input {...props} type="number" min={1} max={20} step={1} value={weight} onChange={(event) => setWeight(event.target.value)} />
            )}
          </Field>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
          Enabled
        </label>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? 'Adding…' : 'Add term'}
          </button>
          {added && <p className="form-success" role="status">{added}</p>}
        </div>
      </form>
    </section>
  );
}
