import type { ConnectionState } from '../live.ts';
import { useT } from '../i18n/index.ts';

export function ConnectionStatus({ state }: { state: ConnectionState }) {
  const { t } = useT();
  return (
    <div
      className={`connection connection-${state}`}
      role="status"
      aria-live="polite"
      data-testid="connection-state"
      title={t(`live.${state}.hint`)}
    >
      <span className="connection-dot" aria-hidden="true" />
      {t(`live.${state}`)}
    </div>
  );
}
