import type { IncidentStatus, Priority, Tlp } from '@sitroom/core';
import type { SlaMissedMark } from '../sla.ts';
import { priorityDescription, priorityWord, statusLabel, tlpLabel } from '../format.ts';
import { useT } from '../i18n/index.ts';

export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useT();
  return (
    <span className={`badge priority priority-${priority.toLowerCase()}`} title={priorityDescription(t, priority)}>
      {priority}
      <span className="visually-hidden">{`, ${priorityWord(t, priority)}`}</span>
    </span>
  );
}

export function StatusBadge({ status }: { status: IncidentStatus }) {
  const { t } = useT();
  return <span className={`badge status status-${status}`}>{statusLabel(t, status)}</span>;
}

export function TlpBadge({ tlp }: { tlp: Tlp }) {
  return <span className={`badge tlp tlp-${tlp}`}>{tlpLabel(tlp)}</span>;
}

export function SeverityMeter({ severity }: { severity: number }) {
  const { t } = useT();
  const level = severity >= 70 ? 'high' : severity >= 50 ? 'elevated' : severity >= 30 ? 'moderate' : 'low';
  return (
    <span className={`severity severity-${level}`} title={t('severity.title', { n: severity })}>
      <span className="severity-value">{severity}</span>
      <span className="severity-track" aria-hidden="true">
        <span className="severity-fill" style={{ width: `${Math.min(100, Math.max(0, severity))}%` }} />
      </span>
    </span>
  );
}

/** Red, with words: colour alone never carries the meaning. */
export function SlaMissedBadge({ mark }: { mark: SlaMissedMark }) {
  const { t } = useT();
  return (
    <>
      <span className="badge sla-breached" data-testid="sla-missed" title={t('sla.missedTitle')}>
        {mark.text}
      </span>
      {mark.escalation && <span className="sla-escalation">{mark.escalation}</span>}
    </>
  );
}
