import { useCallback, useState, type FormEvent } from 'react';
import { ApiKeyInput } from '@sitroom/core';
import { directoryApi, type ApiKey, type CreatedApiKey, type Organisation } from '../../admin-directory-api.ts';
import { fieldError, unplacedErrors } from '../../form-errors.ts';
import { useDirectoryT } from '../../i18n/admin-directory.ts';
import { asApiError, Field, FormActions, FormError, LoadedTable, LoadError, useFormSubmit, useLoad } from './ui.tsx';
import { SecretBox } from './directory-ui.tsx';

const loadOrganisations = (signal: AbortSignal) => directoryApi.organisations(signal).then((list) => list.items);

/** Admin → API keys: each organisation's keys with their last use; create one (its secret shown once), revoke one. */
export function ApiKeysScreen({ onUnauthorized }: { onUnauthorized(): void }) {
  const { t, formatTime } = useDirectoryT();
  const organisations = useLoad(loadOrganisations, onUnauthorized);
  const [filter, setFilter] = useState('');
  const loadKeys = useCallback((signal: AbortSignal) => directoryApi.apiKeys(filter || null, signal).then((list) => list.items), [filter]);
  const keys = useLoad(loadKeys, onUnauthorized);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [revokeState, setRevokeState] = useState<{ pending: boolean; message: string | null; error: string | null }>({ pending: false, message: null, error: null });
  const orgList = organisations.state.kind === 'loaded' ? organisations.state.data : [];

  async function revoke(key: ApiKey) {
    setRevokeState({ pending: true, message: null, error: null });
    try {
      await directoryApi.revokeApiKey(key.id);
      setConfirming(null);
      setRevokeState({ pending: false, message: t('key.revoked', { label: key.label }), error: null });
      keys.reload();
    } catch (error) {
      const apiError = asApiError(error);
      if (apiError.isUnauthorized) return onUnauthorized();
      setRevokeState({ pending: false, message: null, error: apiError.message });
    }
  }

  return (
    <div className="admin-section">
      <p className="muted admin-intro">{t('key.intro')}</p>
      {created && (
        <section className="admin-card notice-warning" aria-labelledby="new-key-heading" data-testid="new-api-key">
          <h2 id="new-key-heading">{t('key.newKey', { org: created.organisationName, label: created.label })}</h2>
          <p role="alert">
            <strong>{t('key.warning')}</strong>
          </p>
          <SecretBox label={t('key.secret')} value={created.key} testId="api-key-secret" />
          <button type="button" className="button" onClick={() => setCreated(null)}>
            {t('key.done')}
          </button>
        </section>
      )}
      <div className="directory-stack">
        <section className="admin-card" aria-labelledby="keys-heading">
          <div className="card-head">
            <h2 id="keys-heading">{t('key.list')}</h2>
          </div>
          <Field label={t('key.filter')}>
            {(props) => (
              <select {...props} className="key-filter" value={filter} data-testid="api-key-filter" onChange={(event) => setFilter(event.target.value)}>
                <option value="">{t('key.allOrgs')}</option>
                {orgList.map((organisation) => (
                  <option key={organisation.id} value={organisation.id}>
                    {organisation.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {revokeState.message && <p className="form-success" role="status">{revokeState.message}</p>}
          {revokeState.error && <div className="notice notice-error" role="alert"><p>{revokeState.error}</p></div>}
          <LoadedTable load={keys} what={t('key.what')} failed={t('dir.loadFailed', { what: t('key.whatTitle') })} empty={t('key.empty')}
            className="admin-table directory-table" testId="api-key-table"
            columns={[t('key.organisation'), t('key.label'), t('key.prefix'), t('key.created'), t('key.lastUsed'), t('key.status'), t('dir.actions')]}>
            {(key) => (
              <tr key={key.id} data-testid="api-key-row" data-api-key-id={key.id}>
                <td>{key.organisationName}</td>
                <th scope="row">{key.label}</th>
                <td><code>{key.prefix}</code></td>
                <td>{formatTime(key.createdAt)}</td>
                <td>{key.lastUsedAt ? formatTime(key.lastUsedAt) : <span className="muted">{t('dir.never')}</span>}</td>
                <td data-testid="api-key-status">
                  {key.revokedAt ? (
                    <span className="badge sla-breached">{t('key.revokedAt', { when: formatTime(key.revokedAt) })}</span>
                  ) : (
                    <span className="badge status status-rebutted">{t('key.active')}</span>
                  )}
                </td>
                <td className="row-actions">
                  {!key.revokedAt && confirming !== key.id && (
                    <button type="button" className="button button-small button-danger" aria-label={t('key.revokeOf', { label: key.label })}
                      onClick={() => setConfirming(key.id)}>
                      {t('key.revoke')}
                    </button>
                  )}
                  {!key.revokedAt && confirming === key.id && (
                    <div className="confirm-row" role="group" aria-label={t('key.revokeOf', { label: key.label })}>
                      <p>{t('key.confirm', { label: key.label, org: key.organisationName })}</p>
                      <button type="button" className="button button-small button-danger" disabled={revokeState.pending} onClick={() => revoke(key)}>
                        {t('key.confirmRevoke')}
                      </button>
                      <button type="button" className="button button-small" autoFocus onClick={() => setConfirming(null)}>
                        {t('dir.cancel')}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            )}
          </LoadedTable>
        </section>
        {organisations.state.kind === 'error' ? (
          <LoadError message={t('dir.loadFailed', { what: t('org.whatTitle') })} error={organisations.state.error} onRetry={organisations.reload} />
        ) : (
          <NewKeyForm organisations={orgList} onCreated={(key) => { setCreated(key); keys.reload(); }} onUnauthorized={onUnauthorized} />
        )}
      </div>
    </div>
  );
}

function NewKeyForm({ organisations, onCreated, onUnauthorized }: {
  organisations: Organisation[]; onCreated(key: CreatedApiKey): void; onUnauthorized(): void;
}) {
  const { t } = useDirectoryT();
  const [organisationId, setOrganisationId] = useState('');
  const [label, setLabel] = useState('');
  const { errors, formError, pending, send } = useFormSubmit({ onUnauthorized });

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(ApiKeyInput, { organisationId, label }, async (data) => {
      const key = await directoryApi.createApiKey(data);
      setLabel('');
      onCreated(key);
      return null;
    });
  }

  return (
    <section className="admin-card" aria-labelledby="new-key-form-heading">
      <h2 id="new-key-form-heading">{t('key.add')}</h2>
      <form className="admin-form" data-testid="api-key-form" onSubmit={submit} noValidate>
        <FormError message={formError} details={unplacedErrors(errors, ['organisationId', 'label'])} />
        <Field label={t('key.organisation')} error={fieldError(errors, 'organisationId')}>
          {(props) => (
            <select {...props} value={organisationId} onChange={(event) => setOrganisationId(event.target.value)}>
              <option value="">{t('user.choose')}</option>
              {organisations.map((organisation) => (
                <option key={organisation.id} value={organisation.id}>
                  {organisation.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('key.label')} hint={t('key.labelHint')} error={fieldError(errors, 'label')}>
          {(props) => <input {...props} value={label} maxLength={200} onChange={(event) => setLabel(event.target.value)} />}
        </Field>
        <FormActions label={t('key.create')} pendingLabel={t('dir.creating')} pending={pending} />
      </form>
    </section>
  );
}
