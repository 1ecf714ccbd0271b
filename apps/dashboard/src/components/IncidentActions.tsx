import { useId, useState, type FormEvent } from 'react';
import { DISMISS_REASONS, allowedTransitions, can, type IncidentDetail, type IncidentStatus, type IncidentSummary, type SessionUser } from '@sitroom/core';
import { asApiError, request } from '../api.ts';
import { useT } from '../i18n/index.ts';

const TEXT = {
  en: {
    title: 'Work on this incident', assignMe: 'Assign to me', unassign: 'Unassign', assigned: 'Assigned to you', move: 'Change status',
    to: 'New status', reason: 'Reason', note: 'Note (optional)', apply: 'Apply', saving: 'Saving…', conflict: 'Someone else acted first.',
    none: 'No status change is possible from here.',
    statuses: { new: 'New', triaged: 'Triaged (reopen)', acknowledged: 'Acknowledged', in_progress: 'In progress', rebutted: 'Rebutted', closed: 'Closed', dismissed: 'Dismissed' },
    reasons: { duplicate: 'Duplicate', out_of_scope: 'Out of scope', not_actionable: 'Not actionable', true_claim: 'The claim is true' },
  },
  es: {
    title: 'Trabajar en este incidente', assignMe: 'Asignármelo', unassign: 'Quitar asignación', assigned: 'Asignado a usted', move: 'Cambiar estado',
    to: 'Nuevo estado', reason: 'Motivo', note: 'Nota (opcional)', apply: 'Aplicar', saving: 'Guardando…', conflict: 'Otra persona actuó primero.',
    none: 'Desde aquí no hay cambio de estado posible.',
    statuses: { new: 'Nuevo', triaged: 'Triado (reabrir)', acknowledged: 'Recibo acusado', in_progress: 'En curso', rebutted: 'Desmentido', closed: 'Cerrado', dismissed: 'Descartado' },
    reasons: { duplicate: 'Duplicado', out_of_scope: 'Fuera de alcance', not_actionable: 'No accionable', true_claim: 'La afirmación es verdadera' },
  },
} as const;

/** Assign, change status along the lifecycle, dismiss with a reason, reopen: the moves the API allows from here. */
export function IncidentActions({ detail, user, onChanged }: { detail: IncidentDetail; user: SessionUser; onChanged(incident: IncidentSummary): void }) {
  const { language } = useT();
  const text = TEXT[language === 'es' ? 'es' : 'en'];
  const id = useId();
  const moves = allowedTransitions(detail.status).filter((s) => s !== 'acknowledged' || detail.status !== 'triaged');
  const [to, setTo] = useState<IncidentStatus | ''>('');
  const [reason, setReason] = useState<string>('duplicate');
  const [note, setNote] = useState('');
  const [state, setState] = useState<{ kind: 'idle' | 'saving' } | { kind: 'error'; message: string; conflict: boolean }>({ kind: 'idle' });
  if (!can(user.roles, 'incident.change_status')) return null;

  async function run(path: 'assign' | 'status', body: object) {
    setState({ kind: 'saving' });
    try {
      const updated = await request<IncidentSummary>('POST', `/incidents/${encodeURIComponent(detail.id)}/${path}`, { body: { ...body, version: detail.version } });
      setState({ kind: 'idle' });
      setTo('');
      setNote('');
      onChanged(updated);
    } catch (e) {
      const err = asApiError(e);
      setState({ kind: 'error', message: err.message, conflict: err.status === 409 });
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!to) return;
    void run('status', { status: to, ...(to === 'dismissed' ? { reason } : {}), ...(note.trim() ? { note } : {}) });
  }

  const mine = detail.assigneeId === user.id;
  const open = detail.status !== 'closed' && detail.status !== 'dismissed';
  return (
    <section className="panel-section incident-actions" aria-labelledby={`${id}-title`} data-testid="incident-actions">
      <h3 id={`${id}-title`}>{text.title}</h3>
      {open && (
        <p>
          {mine ? <span className="muted">{text.assigned} </span> : null}
          <button type="button" className="button" disabled={state.kind === 'saving'} onClick={() => void run('assign', { userId: mine ? null : user.id })}>
            {mine ? text.unassign : text.assignMe}
          </button>
        </p>
      )}
      {moves.length === 0 ? (
        <p className="muted">{text.none}</p>
      ) : (
        <form onSubmit={submit} className="referral-form">
          <div className="field">
            <label htmlFor={`${id}-to`}>{text.to}</label>
            <select id={`${id}-to`} value={to} onChange={(e) => setTo(e.target.value as IncidentStatus | '')}>
              <option value="">—</option>
              {moves.map((s) => <option key={s} value={s}>{text.statuses[s]}</option>)}
            </select>
          </div>
          {to === 'dismissed' && (
            <div className="field">
              <label htmlFor={`${id}-reason`}>{text.reason}</label>
              <select id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)}>
                {DISMISS_REASONS.map((r) => <option key={r} value={r}>{text.reasons[r]}</option>)}
              </select>
            </div>
          )}
          {to && (
            <div className="field">
              <label htmlFor={`${id}-note`}>{text.note}</label>
              <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} />
            </div>
          )}
          <button type="submit" className="button" disabled={!to || state.kind === 'saving'}>{state.kind === 'saving' ? text.saving : text.apply}</button>
        </form>
      )}
      {state.kind === 'error' && (
        <p className="notice notice-error" role="alert">
          {state.conflict && <strong>{text.conflict} </strong>}
          {state.message}
        </p>
      )}
    </section>
  );
}
