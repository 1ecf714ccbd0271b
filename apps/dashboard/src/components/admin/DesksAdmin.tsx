import { useCallback, useState, type FormEvent } from 'react';
import { DeskInput, DeskWebhookInput } from '@sitroom/core';
import { adminApi, type Desk } from '../../admin-api.ts';
import { errorsFromApi, fieldError, unplacedErrors, validate, type FieldErrors } from '../../form-errors.ts';
import { formatDateTime } from '../../format.ts';
import { asApiError, Field, FormError, LoadError, LoadingState, useLoad } from './ui.tsx';
import { useT } from '../../i18n/index.ts';

const loadDesks = (signal: AbortSignal) => adminApi.desks(signal).then((list) => list.items);

export function DesksAdmin({ onUnauthorized }: { onUnauthorized(): void }) {
  const { t } = useT();
  const desks = useLoad(loadDesks, onUnauthorized);
  const [open, setOpen] = useState<{ deskId: string; what: 'webhook' | 'log' } | null>(null);
  const list = desks.state.kind === 'loaded' ? desks.state.data : [];
  const openDesk = list.find((desk) => desk.id === open?.deskId);

  return (
    <div className="admin-section">
      <p className="muted admin-intro">{t('desks.intro')}</p>
      <div className="admin-columns admin-columns-wide">
        <section className="admin-card" aria-labelledby="desks-heading">
          <h2 id="desks-heading">{t('desks.heading')}</h2>
          {desks.state.kind === 'loading' ? (
            <LoadingState what={t('desks.what')} />
          ) : desks.state.kind === 'error' ? (
            <LoadError message={t('desks.loadFailed')} error={desks.state.error} onRetry={desks.reload} />
          ) : list.length === 0 ? (
            <p className="empty-note">{t('desks.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table className="admin-table">
                <thead>
                  <tr>
                    <th scope="col">{t('desks.desk')}</th>
                    <th scope="col">{t('desks.webhook')}</th>
                    <th scope="col">{t('admin.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((desk) => (
                    <tr key={desk.id}>
                      <th scope="row">
                        {desk.name} {desk.isDefault && <span className="badge status status-triaged">{t('desks.default')}</span>}
                      </th>
                      <td className="cell-wrap">{desk.webhookUrl ?? <span className="muted">{t('admin.none')}</span>}</td>
                      <td className="row-actions">
                        <button type="button" className="button button-small"
                          aria-expanded={open?.deskId === desk.id && open.what === 'webhook'}
                          onClick={() => setOpen(open?.deskId === desk.id && open.what === 'webhook' ? null : { deskId: desk.id, what: 'webhook' })}>
                          {t('desks.webhook')}<span className="visually-hidden">{` ${t('desks.of', { name: desk.name })}`}</span>
                        </button>
                        <button type="button" className="button button-small"
                          aria-expanded={open?.deskId === desk.id && open.what === 'log'}
                          onClick={() => setOpen(open?.deskId === desk.id && open.what === 'log' ? null : { deskId: desk.id, what: 'log' })}>
                          {t('desks.deliveries')}<span className="visually-hidden">{` ${t('desks.of', { name: desk.name })}`}</span>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <NewDeskForm onCreated={desks.reload} onUnauthorized={onUnauthorized} />
      </div>
      {openDesk && open?.what === 'webhook' && (
        <WebhookForm key={openDesk.id} desk={openDesk} onSaved={desks.reload} onUnauthorized={onUnauthorized} />
      )}
      {openDesk && open?.what === 'log' && <DeliveryLog key={openDesk.id} desk={openDesk} onUnauthorized={onUnauthorized} />}
    </div>
  );
}

function NewDeskForm({ onCreated, onUnauthorized }: { onCreated(): void; onUnauthorized(): void }) {
  const { t } = useT();
  const [name, setName] = useState('');
  const [isDefault, setIsDefault] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    setFormError(null);
    const checked = validate(DeskInput, { name, isDefault }, t);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setPending(true);
    try {
      const desk = await adminApi.createDesk(checked.data);
      setCreated(t('desks.created', { name: desk.name }));
      setName('');
      setIsDefault(false);
      onCreated();
    } catch (error) {
      const apiError = asApiError(error);
      if (apiError.isUnauthorized) return onUnauthorized();
      if (apiError.status === 409) setErrors({ name: apiError.message });
      else {
        setErrors(errorsFromApi(apiError, t));
        setFormError(apiError.message);
      }
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="admin-card" aria-labelledby="new-desk-heading">
      <h2 id="new-desk-heading">{t('desks.addHeading')}</h2>
      <form className="admin-form" onSubmit={submit} noValidate>
        <FormError message={formError} details={unplacedErrors(errors, ['name', 'isDefault'])} />
        <Field label={t('admin.name')} error={fieldError(errors, 'name')}>
          {(props) => <input {...props} value={name} maxLength={200} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={isDefault} onChange={(event) => setIsDefault(event.target.checked)} />
          {t('desks.defaultCheckbox')}
        </label>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? t('admin.creating') : t('desks.create')}
          </button>
          {created && <p className="form-success" role="status">{created}</p>}
        </div>
      </form>
    </section>
  );
}

function WebhookForm({ desk, onSaved, onUnauthorized }: { desk: Desk; onSaved(): void; onUnauthorized(): void }) {
  const { t } = useT();
  const [url, setUrl] = useState(desk.webhookUrl ?? '');
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function save(body: { url: string | null; secret: string | null }) {
    setDone(null);
    setFormError(null);
    const checked = validate(DeskWebhookInput, body, t);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setPending(true);
    try {
      await adminApi.setWebhook(desk.id, checked.data);
      setDone(body.url ? t('desks.webhookSaved') : t('desks.webhookRemoved'));
      setSecret('');
      if (!body.url) setUrl('');
      onSaved();
    } catch (error) {
      const apiError = asApiError(error);
      if (apiError.isUnauthorized) return onUnauthorized();
      setErrors(errorsFromApi(apiError, t));
      setFormError(apiError.message);
    } finally {
      setPending(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void save({ url: url.trim(), secret });
  }

  return (
    <section className="admin-card" aria-labelledby="webhook-heading">
      <h2 id="webhook-heading">{t('desks.webhookOf', { name: desk.name })}</h2>
      <form className="admin-form" onSubmit={submit} noValidate>
        <FormError message={formError} details={unplacedErrors(errors, ['url', 'secret'])} />
        <div className="form-row">
          <Field label={t('desks.url')} error={fieldError(errors, 'url')}>
            {(props) => <input {...props} type="url" value={url} placeholder="https://" onChange={(event) => setUrl(event.target.value)} />}
          </Field>
          <Field label={t('desks.secret')} hint={t('desks.secretHint')} error={fieldError(errors, 'secret')}>
            {(props) => <input {...props} type="password" autoComplete="new-password" value={secret} onChange={(event) => setSecret(event.target.value)} />}
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? t('admin.saving') : t('desks.saveWebhook')}
          </button>
          {desk.webhookUrl && (
            <button type="button" className="button button-danger" disabled={pending} onClick={() => save({ url: null, secret: null })}>
              {t('desks.removeWebhook')}
            </button>
          )}
          {done && <p className="form-success" role="status">{done}</p>}
        </div>
      </form>
    </section>
  );
}

function DeliveryLog({ desk, onUnauthorized }: { desk: Desk; onUnauthorized(): void }) {
  const loader = useCallback((signal: AbortSignal) => adminApi.deliveries(desk.id, signal).then((list) => list.items), [desk.id]);
  const deliveries = useLoad(loader, onUnauthorized);
  const { t, language } = useT();
  return (
    <section className="admin-card" aria-labelledby="deliveries-heading">
      <div className="card-head">
        <h2 id="deliveries-heading">{t('desks.deliveriesOf', { name: desk.name })}</h2>
        <button type="button" className="button button-small" onClick={deliveries.reload}>{t('admin.refresh')}</button>
      </div>
      {deliveries.state.kind === 'loading' ? (
        <LoadingState what={t('desks.deliveriesWhat')} />
      ) : deliveries.state.kind === 'error' ? (
        <LoadError message={t('desks.deliveriesFailed')} error={deliveries.state.error} onRetry={deliveries.reload} />
      ) : deliveries.state.data.length === 0 ? (
        <p className="empty-note">{t('desks.noDeliveries')}</p>
      ) : (
        <div className="table-wrap">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('desks.when')}</th>
                <th scope="col">{t('desks.event')}</th>
                <th scope="col" className="num">{t('desks.attempt')}</th>
                <th scope="col">{t('desks.result')}</th>
                <th scope="col" className="num">{t('desks.time')}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.state.data.map((delivery) => (
                <tr key={delivery.id}>
                  <td>{formatDateTime(language, delivery.createdAt)}</td>
                  <td>{delivery.eventType}</td>
                  <td className="num">{delivery.attempt}</td>
                  <td className="cell-wrap">
                    <span className={`badge ${delivery.succeeded ? 'status status-rebutted' : 'sla-breached'}`}>
                      {delivery.succeeded ? t('desks.delivered') : t('desks.failed')}
                    </span>{' '}
                    {delivery.statusCode !== null && `HTTP ${delivery.statusCode}`} {delivery.error}
                  </td>
                  <td className="num">{`${delivery.durationMs} ms`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
