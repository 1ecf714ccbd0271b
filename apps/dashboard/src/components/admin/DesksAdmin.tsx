import { useCallback, useState, type FormEvent } from 'react';
import { DeskInput, DeskWebhookInput } from '@sitroom/core';
import { adminApi, type Desk } from '../../admin-api.ts';
import { errorsFromApi, fieldError, unplacedErrors, validate, type FieldErrors } from '../../form-errors.ts';
import { formatDateTime } from '../../format.ts';
import { asApiError, Field, FormError, LoadError, LoadingState, useLoad } from './ui.tsx';

const loadDesks = (signal: AbortSignal) => adminApi.desks(signal).then((list) => list.items);

export function DesksAdmin({ onUnauthorized }: { onUnauthorized(): void }) {
  const desks = useLoad(loadDesks, onUnauthorized);
  const [open, setOpen] = useState<{ deskId: string; what: 'webhook' | 'log' } | null>(null);
  const list = desks.state.kind === 'loaded' ? desks.state.data : [];
  const openDesk = list.find((desk) => desk.id === open?.deskId);

  return (
    <div className="admin-section">
      <p className="muted admin-intro">
        Desks are the EMB teams incidents are routed to. A desk's webhook receives its incidents' events, signed with
        HMAC-SHA256 using the secret; every delivery attempt is logged.
      </p>
      <div className="admin-columns admin-columns-wide">
        <section className="admin-card" aria-labelledby="desks-heading">
          <h2 id="desks-heading">Desks</h2>
          {desks.state.kind === 'loading' ? (
            <LoadingState what="desks" />
          ) : desks.state.kind === 'error' ? (
            <LoadError what="The desks" error={desks.state.error} onRetry={desks.reload} />
          ) : list.length === 0 ? (
            <p className="empty-note">No desks yet: incidents cannot be routed until there is a default desk.</p>
          ) : (
            <div className="table-wrap">
              <table className="admin-table">
                <thead>
                  <tr>
                    <th scope="col">Desk</th>
                    <th scope="col">Webhook</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((desk) => (
                    <tr key={desk.id}>
                      <th scope="row">
                        {desk.name} {desk.isDefault && <span className="badge status status-triaged">Default</span>}
                      </th>
                      <td className="cell-wrap">{desk.webhookUrl ?? <span className="muted">None</span>}</td>
                      <td className="row-actions">
                        <button type="button" className="button button-small"
                          aria-expanded={open?.deskId === desk.id && open.what === 'webhook'}
                          onClick={() => setOpen(open?.deskId === desk.id && open.what === 'webhook' ? null : { deskId: desk.id, what: 'webhook' })}>
                          Webhook<span className="visually-hidden">{` of ${desk.name}`}</span>
                        </button>
                        <button type="button" className="button button-small"
                          aria-expanded={open?.deskId === desk.id && open.what === 'log'}
                          onClick={() => setOpen(open?.deskId === desk.id && open.what === 'log' ? null : { deskId: desk.id, what: 'log' })}>
                          Deliveries<span className="visually-hidden">{` of ${desk.name}`}</span>
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
    const checked = validate(DeskInput, { name, isDefault });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setPending(true);
    try {
      const desk = await adminApi.createDesk(checked.data);
      setCreated(`Desk "${desk.name}" created.`);
      setName('');
      setIsDefault(false);
      onCreated();
    } catch (error) {
      const apiError = asApiError(error);
      if (apiError.isUnauthorized) return onUnauthorized();
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
    <section className="admin-card" aria-labelledby="new-desk-heading">
      <h2 id="new-desk-heading">Add a desk</h2>
      <form className="admin-form" onSubmit={submit} noValidate>
        <FormError message={formError} details={unplacedErrors(errors, ['name', 'isDefault'])} />
        <Field label="Name" error={fieldError(errors, 'name')}>
          {(props) => <input {...props} value={name} maxLength={200} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={isDefault} onChange={(event) => setIsDefault(event.target.checked)} />
          Default desk (catches what no rule matches; replaces the current default)
        </label>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? 'Creating…' : 'Create desk'}
          </button>
          {created && <p className="form-success" role="status">{created}</p>}
        </div>
      </form>
    </section>
  );
}

function WebhookForm({ desk, onSaved, onUnauthorized }: { desk: Desk; onSaved(): void; onUnauthorized(): void }) {
  const [url, setUrl] = useState(desk.webhookUrl ?? '');
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function save(body: { url: string | null; secret: string | null }) {
    setDone(null);
    setFormError(null);
    const checked = validate(DeskWebhookInput, body);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setPending(true);
    try {
      await adminApi.setWebhook(desk.id, checked.data);
      setDone(body.url ? 'Webhook saved.' : 'Webhook removed.');
      setSecret('');
      if (!body.url) setUrl('');
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

  function submit(event: FormEvent) {
    event.preventDefault();
    void save({ url: url.trim(), secret });
  }

  return (
    <section className="admin-card" aria-labelledby="webhook-heading">
      <h2 id="webhook-heading">{`Webhook of ${desk.name}`}</h2>
      <form className="admin-form" onSubmit={submit} noValidate>
        <FormError message={formError} details={unplacedErrors(errors, ['url', 'secret'])} />
        <div className="form-row">
          <Field label="URL" error={fieldError(errors, 'url')}>
            {(props) => <input {...props} type="url" value={url} placeholder="https://" onChange={(event) => setUrl(event.target.value)} />}
          </Field>
          <Field label="Secret" hint="At least 16 characters. Stored for signing; never shown again." error={fieldError(errors, 'secret')}>
            {(props) => <input {...props} type="password" autoComplete="new-password" value={secret} onChange={(event) => setSecret(event.target.value)} />}
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? 'Saving…' : 'Save webhook'}
          </button>
          {desk.webhookUrl && (
            <button type="button" className="button button-danger" disabled={pending} onClick={() => save({ url: null, secret: null })}>
              Remove webhook
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
  return (
    <section className="admin-card" aria-labelledby="deliveries-heading">
      <div className="card-head">
        <h2 id="deliveries-heading">{`Webhook deliveries of ${desk.name}`}</h2>
        <button type="button" className="button button-small" onClick={deliveries.reload}>Refresh</button>
      </div>
      {deliveries.state.kind === 'loading' ? (
        <LoadingState what="deliveries" />
      ) : deliveries.state.kind === 'error' ? (
        <LoadError what="The delivery log" error={deliveries.state.error} onRetry={deliveries.reload} />
      ) : deliveries.state.data.length === 0 ? (
        <p className="empty-note">No deliveries yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col" className="num">Attempt</th>
                <th scope="col">Result</th>
                <th scope="col" className="num">Time</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.state.data.map((delivery) => (
                <tr key={delivery.id}>
                  <td>{formatDateTime(delivery.createdAt)}</td>
                  <td>{delivery.eventType}</td>
                  <td className="num">{delivery.attempt}</td>
                  <td className="cell-wrap">
                    <span className={`badge ${delivery.succeeded ? 'status status-rebutted' : 'sla-breached'}`}>
                      {delivery.succeeded ? 'Delivered' : 'Failed'}
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
