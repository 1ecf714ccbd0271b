import type { SlaAlert } from '../sla.ts';

interface Props {
  alerts: SlaAlert[];
  onOpen(incidentId: string): void;
  onDismiss(key: string): void;
}

/** Missed deadlines, said plainly at the top of the screen until dismissed. */
export function SlaAlerts({ alerts, onOpen, onDismiss }: Props) {
  if (alerts.length === 0) return null;
  return (
    <div className="sla-alerts">
      {alerts.map((alert) => (
        <div key={alert.key} className="sla-alert" role="alert" data-testid="sla-alert">
          <p>
            <strong>{alert.message}</strong>
            {alert.escalation && <span className="sla-alert-escalation">{` · ${alert.escalation}`}</span>}
          </p>
          <div className="sla-alert-actions">
            <button type="button" className="button button-small" onClick={() => onOpen(alert.incidentId)}>
              Open incident
            </button>
            <button type="button" className="button button-small button-ghost" onClick={() => onDismiss(alert.key)}
              aria-label={`Dismiss: ${alert.message}`}>
              Dismiss
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
