import type { ConnectionState } from '../live.ts';

const LABELS: Record<ConnectionState, { text: string; hint: string }> = {
  connecting: { text: 'Connecting…', hint: 'Connecting to live updates.' },
  live: { text: 'Live', hint: 'New and updated incidents appear as they happen.' },
  reconnecting: { text: 'Reconnecting…', hint: 'Live updates paused; missed changes load when the connection is back.' },
  offline: { text: 'Offline', hint: 'No connection to the server. The queue may be out of date.' },
};

export function ConnectionStatus({ state }: { state: ConnectionState }) {
  const { text, hint } = LABELS[state];
  return (
    <div className={`connection connection-${state}`} role="status" aria-live="polite" data-testid="connection-state" title={hint}>
      <span className="connection-dot" aria-hidden="true" />
      {text}
    </div>
  );
}
