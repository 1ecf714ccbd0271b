import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { REFERRAL_BODIES, REFERRAL_OUTCOMES, ReferralInput, can, type SessionUser } from '@sitroom/core';
import { asApiError } from '../api.ts';
import { createReferral, listReferrals, recordReferralOutcome, type ReferralItem } from '../referral-api.ts';
import { useT } from '../i18n/index.ts';

const TEXT = {
  en: {
    title: 'Referrals', none: 'Not referred to any outside body yet.', refer: 'Refer to an outside body', body: 'Body', name: 'Name',
    channel: 'Channel', reference: 'Reference (optional)', submit: 'Record referral', saving: 'Saving…', outcome: 'Outcome', referred: 'referred',
    loadError: 'Referrals could not be loaded.',
    bodies: { platform: 'Platform trust & safety', press_ombud: 'Press ombud', human_rights_commission: 'Human rights commission', police: 'Police', prosecutor: 'Prosecutor', other: 'Other' },
    outcomes: { pending: 'Pending', removed: 'Removed', labelled: 'Labelled', reduced_reach: 'Reduced reach', no_action: 'No action' },
  },
  es: {
    title: 'Derivaciones', none: 'Aún no se derivó a ningún organismo externo.', refer: 'Derivar a un organismo externo', body: 'Organismo', name: 'Nombre',
    channel: 'Canal', reference: 'Referencia (opcional)', submit: 'Registrar derivación', saving: 'Guardando…', outcome: 'Resultado', referred: 'derivado',
    loadError: 'No se pudieron cargar las derivaciones.',
    bodies: { platform: 'Confianza y seguridad de la plataforma', press_ombud: 'Defensoría de la prensa', human_rights_commission: 'Comisión de derechos humanos', police: 'Policía', prosecutor: 'Fiscalía', other: 'Otro' },
    outcomes: { pending: 'Pendiente', removed: 'Eliminado', labelled: 'Etiquetado', reduced_reach: 'Alcance reducido', no_action: 'Sin acción' },
  },
} as const;

/** An incident's referrals to outside bodies and their outcomes; responders record them here. */
export function ReferralsSection({ incidentId, user }: { incidentId: string; user: SessionUser }) {
  const { language, formatTime } = useT();
  const text = TEXT[language === 'es' ? 'es' : 'en'];
  const canRefer = can(user.roles, 'incident.change_status');
  const [items, setItems] = useState<ReferralItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ bodyKind: 'platform', bodyName: '', channel: '', reference: '' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const id = useId();

  const load = useCallback(() => {
    listReferrals(incidentId).then((r) => setItems(r.items), (e: unknown) => setError(asApiError(e).message || text.loadError));
  }, [incidentId, text.loadError]);
  useEffect(load, [load]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = { bodyKind: form.bodyKind, bodyName: form.bodyName, channel: form.channel, ...(form.reference.trim() ? { reference: form.reference } : {}) };
    const parsed = ReferralInput.safeParse(body);
    if (!parsed.success) {
      setFieldErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setFieldErrors({});
    setSaving(true);
    try {
      await createReferral(incidentId, parsed.data);
      setForm({ bodyKind: 'platform', bodyName: '', channel: '', reference: '' });
      load();
    } catch (e) {
      const err = asApiError(e);
      setFieldErrors(Object.fromEntries((err.details ?? []).map((d) => [d.path, d.message])));
      setError(err.message);
    } finally {
      setSaving(false);
    }
  }

  async function setOutcome(referralId: string, outcome: string) {
    try {
      await recordReferralOutcome(incidentId, referralId, outcome);
      load();
    } catch (e) {
      setError(asApiError(e).message);
    }
  }

  const field = (name: 'bodyName' | 'channel' | 'reference', label: string) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        value={form[name]}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        aria-invalid={fieldErrors[name] ? true : undefined}
        aria-describedby={fieldErrors[name] ? `${id}-${name}-error` : undefined}
      />
      {fieldErrors[name] && <p id={`${id}-${name}-error`} className="field-error">{fieldErrors[name]}</p>}
    </div>
  );

  return (
    <section className="panel-section" aria-labelledby={`${id}-title`} data-testid="referrals">
      <h3 id={`${id}-title`}>{text.title}</h3>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {items === null ? null : items.length === 0 ? (
        <p className="muted">{text.none}</p>
      ) : (
        <ul className="referral-list">
          {items.map((r) => (
            <li key={r.id}>
              <strong>{r.bodyName}</strong> ({text.bodies[r.bodyKind as keyof typeof text.bodies] ?? r.bodyKind}) · {r.channel}
              {r.reference && <> · {r.reference}</>} · {text.referred} {formatTime(r.referredAt)}
              <div>
                <label>
                  {text.outcome}{' '}
                  <select value={r.outcome} disabled={!canRefer} onChange={(e) => void setOutcome(r.id, e.target.value)}>
                    {REFERRAL_OUTCOMES.map((o) => <option key={o} value={o}>{text.outcomes[o]}</option>)}
                  </select>
                </label>
              </div>
            </li>
          ))}
        </ul>
      )}
      {canRefer && (
        <form onSubmit={submit} noValidate className="referral-form">
          <h4>{text.refer}</h4>
          <div className="field">
            <label htmlFor={`${id}-kind`}>{text.body}</label>
            <select id={`${id}-kind`} value={form.bodyKind} onChange={(e) => setForm({ ...form, bodyKind: e.target.value })}>
              {REFERRAL_BODIES.map((b) => <option key={b} value={b}>{text.bodies[b]}</option>)}
            </select>
          </div>
          {field('bodyName', text.name)}
          {field('channel', text.channel)}
          {field('reference', text.reference)}
          <button type="submit" className="button" disabled={saving}>{saving ? text.saving : text.submit}</button>
        </form>
      )}
    </section>
  );
}
