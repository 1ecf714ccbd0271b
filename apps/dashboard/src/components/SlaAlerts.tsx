import { escalationLabel, slaAlertMessage, type SlaAlert } from '../sla.ts';
import { useT } from '../i18n/index.ts';

interface Props {
  alerts: SlaAlert[];
  onOpen(incidentId: string): void;
  onDismiss(key: string): void;
}

/** Missed deadlines, said plainly at the top of the screen until dismissed. */
export function SlaAlerts({ alerts, onOpen, onDismiss }: Props) {
  const { t } = useT();
  if (alerts.length === 0) return null;
  return (
    <div className="sla-alerts">
      {alerts.map((alert) => {
        const message = slaAlertMessage(t, alert);
        const escalation = escalationLabel(t, alert.escalationLevel);
        return (
        <div key={alert.key} className="sla-alert" role="alert" data-testid="sla-alert">
          <p>
            <strong>{message}</strong>
            {escalation && <span className="sla-alert-escalation">{` · ${escalation}`}</span>}
          </p>
          <div className="sla-alert-actions">
            <button type="button" className="button button-small" onClick={() => onOpen(alert.incidentId)}>
              {t('sla.alert.open')}
            </button>
            <button type="button" className="button button-small button-ghost" onClick={() => onDismiss(alert.key)}
              aria-label={t('sla.alert.dismissLabel', { message })}>
              {t('sla.alert.dismiss')}
            </button>
          </div>
        </div>
        );
      })}
    </div>
  );
}
