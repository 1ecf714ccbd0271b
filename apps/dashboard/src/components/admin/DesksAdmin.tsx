import { useCallback, useState, type FormEvent } from 'react';
import { DeskInput, DeskWebhookInput } from '@sitroom/core';
import { adminApi, type Desk } from '../../admin-api.ts';
import { fieldError, unplacedErrors } from '../../form-errors.ts';
import { formatDateTime } from '../../format.ts';
import { Field, FormActions, FormError, LoadedTable, useFormSubmit, useLoad } from './ui.tsx';
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
          <LoadedTable load={desks} what={t('desks.what')} failed={t('desks.loadFailed')} empty={t('desks.empty')}
            columns={[t('desks.desk'), t('desks.webhook'), t('admin.actions')]}>
            {(desk) => (
              <tr key={desk.id}>
                <th scope="row">
                  {desk.name} {desk.isDefault && <span className="badge status status-triaged">{t('desks.default')}</span>}
                </th>
                <td className="cell-wrap">{desk.webhookUrl ?? <span className="muted">{t('admin.none')}</span>}</td>
                <td className="row-actions">
                  {(['webhook', 'log'] as const).map((what) => {
                    const isOpen = open?.deskId === desk.id && open.what === what;
                    return (
                      <button key={what} type="button" className="button button-small" aria-expanded={isOpen}
                        onClick={() => setOpen(isOpen ? null : { deskId: desk.id, what })}>
                        {what === 'webhook' ? t('desks.webhook') : t('desks.deliveries')}
                        <span className="visually-hidden">{` ${t('desks.of', { name: desk.name })}`}</span>
                      </button>
                    );
                  })}
                </td>
              </tr>
            )}
          </LoadedTable>
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
  const { errors, formError, pending, done, send } = useFormSubmit({ onUnauthorized, t, conflict: 'name' });

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(DeskInput, { name, isDefault }, async (data) => {
      const desk = await adminApi.createDesk(data);
      setName('');
      setIsDefault(false);
      onCreated();
      return t('desks.created', { name: desk.name });
    });
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
        <FormActions label={t('desks.create')} pendingLabel={t('admin.creating')} pending={pending} done={done} />
      </form>
    </section>
  );
}

function WebhookForm({ desk, onSaved, onUnauthorized }: { desk: Desk; onSaved(): void; onUnauthorized(): void }) {
  const { t } = useT();
  const [url, setUrl] = useState(desk.webhookUrl ?? '');
  const [secret, setSecret] = useState('');
  const { errors, formError, pending, done, send } = useFormSubmit({ onUnauthorized, t });

  function save(body: { url: string | null; secret: string | null }) {
    return send(DeskWebhookInput, body, async (data) => {
      await adminApi.setWebhook(desk.id, data);
      setSecret('');
      if (!body.url) setUrl('');
      onSaved();
      return body.url ? t('desks.webhookSaved') : t('desks.webhookRemoved');
    });
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
        <FormActions label={t('desks.saveWebhook')} pendingLabel={t('admin.saving')} pending={pending} done={done}>
          {desk.webhookUrl && (
            <button type="button" className="button button-danger" disabled={pending} onClick={() => save({ url: null, secret: null })}>
              {t('desks.removeWebhook')}
            </button>
          )}
        </FormActions>
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
      <LoadedTable load={deliveries} what={t('desks.deliveriesWhat')} failed={t('desks.deliveriesFailed')} empty={t('desks.noDeliveries')}
        columns={[t('desks.when'), t('desks.event'), { label: t('desks.attempt'), className: 'num' }, t('desks.result'), { label: t('desks.time'), className: 'num' }]}>
        {(delivery) => (
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
        )}
      </LoadedTable>
    </section>
  );
}
