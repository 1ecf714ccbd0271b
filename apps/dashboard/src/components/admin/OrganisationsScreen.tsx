import { useState, type FormEvent } from 'react';
import { ORGANISATION_KINDS, OrganisationInput, type OrganisationKind } from '@sitroom/core';
import { directoryApi } from '../../admin-directory-api.ts';
import { errorsFromApi, fieldError, unplacedErrors, validate, type FieldErrors } from '../../form-errors.ts';
import { useDirectoryT, type DirectoryKey } from '../../i18n/admin-directory.ts';
import { asApiError, Field, FormError, useLoad } from './ui.tsx';
import { DirectoryLoadError, DirectoryLoading } from './directory-ui.tsx';

const loadOrganisations = (signal: AbortSignal) => directoryApi.organisations(signal).then((list) => list.items);

export const kindKey = (kind: OrganisationKind): DirectoryKey => `org.kind.${kind}`;

/** Admin → Organisations: the coalition members and the EMB, and a form to add one. */
export function OrganisationsScreen({ onUnauthorized }: { onUnauthorized(): void }) {
  const { t } = useDirectoryT();
  const organisations = useLoad(loadOrganisations, onUnauthorized);
  const state = organisations.state;

  return (
    <div className="admin-section">
      <p className="muted admin-intro">{t('org.intro')}</p>
      <div className="admin-columns admin-columns-wide">
        <section className="admin-card" aria-labelledby="organisations-heading">
          <h2 id="organisations-heading">{t('org.list')}</h2>
          {state.kind === 'loading' ? (
            <DirectoryLoading what={t('org.what')} />
          ) : state.kind === 'error' ? (
            <DirectoryLoadError what={t('org.whatTitle')} error={state.error} onRetry={organisations.reload} />
          ) : state.data.length === 0 ? (
            <p className="empty-note">{t('org.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table className="admin-table" data-testid="organisation-table">
                <thead>
                  <tr>
                    <th scope="col">{t('org.name')}</th>
                    <th scope="col">{t('org.kind')}</th>
                  </tr>
                </thead>
                <tbody>
                  {state.data.map((organisation) => (
                    <tr key={organisation.id} data-testid="organisation-row">
                      <th scope="row">{organisation.name}</th>
                      <td>{t(kindKey(organisation.kind))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <NewOrganisationForm onCreated={organisations.reload} onUnauthorized={onUnauthorized} />
      </div>
    </div>
  );
}

function NewOrganisationForm({ onCreated, onUnauthorized }: { onCreated(): void; onUnauthorized(): void }) {
  const { t } = useDirectoryT();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string>('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    setFormError(null);
    const checked = validate(OrganisationInput, { name, kind });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setPending(true);
    try {
      const organisation = await directoryApi.createOrganisation(checked.data);
      setCreated(t('org.created', { name: organisation.name }));
      setName('');
      setKind('');
      onCreated();
    } catch (error) {
      const apiError = asApiError(error);
      if (apiError.isUnauthorized) return onUnauthorized();
      // A duplicate name is the name's problem: say so beside it.
      if (apiError.status === 409) setErrors({ name: apiError.message });
      else {
        setErrors(errorsFromApi(apiError));
        setFormError(apiError.message);
      }
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="admin-card" aria-labelledby="new-organisation-heading">
      <h2 id="new-organisation-heading">{t('org.add')}</h2>
      <form className="admin-form" data-testid="organisation-form" onSubmit={submit} noValidate>
        <FormError message={formError} details={unplacedErrors(errors, ['name', 'kind'])} />
        <Field label={t('org.name')} error={fieldError(errors, 'name')}>
          {(props) => <input {...props} value={name} maxLength={200} autoComplete="organization" onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Field label={t('org.kind')} error={fieldError(errors, 'kind')}>
          {(props) => (
            <select {...props} value={kind} onChange={(event) => setKind(event.target.value)}>
              <option value="">{t('user.choose')}</option>
              {ORGANISATION_KINDS.map((value) => (
                <option key={value} value={value}>
                  {t(kindKey(value))}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? t('dir.creating') : t('org.create')}
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
