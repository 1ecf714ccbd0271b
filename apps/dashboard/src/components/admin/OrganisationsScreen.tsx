import { useState, type FormEvent } from 'react';
import { ORGANISATION_KINDS, OrganisationInput, type OrganisationKind } from '@sitroom/core';
import { directoryApi } from '../../admin-directory-api.ts';
import { fieldError, unplacedErrors } from '../../form-errors.ts';
import { useDirectoryT, type DirectoryKey } from '../../i18n/admin-directory.ts';
import { Field, FormActions, FormError, LoadedTable, useFormSubmit, useLoad } from './ui.tsx';

const loadOrganisations = (signal: AbortSignal) => directoryApi.organisations(signal).then((list) => list.items);

export const kindKey = (kind: OrganisationKind): DirectoryKey => `org.kind.${kind}`;

/** Admin → Organisations: the coalition members and the EMB, and a form to add one. */
export function OrganisationsScreen({ onUnauthorized }: { onUnauthorized(): void }) {
  const { t } = useDirectoryT();
  const organisations = useLoad(loadOrganisations, onUnauthorized);

  return (
    <div className="admin-section">
      <p className="muted admin-intro">{t('org.intro')}</p>
      <div className="admin-columns admin-columns-wide">
        <section className="admin-card" aria-labelledby="organisations-heading">
          <h2 id="organisations-heading">{t('org.list')}</h2>
          <LoadedTable load={organisations} what={t('org.what')} failed={t('dir.loadFailed', { what: t('org.whatTitle') })} empty={t('org.empty')}
            testId="organisation-table" columns={[t('org.name'), t('org.kind')]}>
            {(organisation) => (
              <tr key={organisation.id} data-testid="organisation-row">
                <th scope="row">{organisation.name}</th>
                <td>{t(kindKey(organisation.kind))}</td>
              </tr>
            )}
          </LoadedTable>
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
  // A duplicate name is the name's problem: say so beside it.
  const { errors, formError, pending, done, send } = useFormSubmit({ onUnauthorized, conflict: 'name' });

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(OrganisationInput, { name, kind }, async (data) => {
      const organisation = await directoryApi.createOrganisation(data);
      setName('');
      setKind('');
      onCreated();
      return t('org.created', { name: organisation.name });
    });
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
        <FormActions label={t('org.create')} pendingLabel={t('dir.creating')} pending={pending} done={done} />
      </form>
    </section>
  );
}
