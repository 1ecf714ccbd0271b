import { useEffect, useRef, useState } from 'react';
import type { LiveEvent } from '@sitroom/core';
import { getSession } from '../../api.ts';
import { connectLive, type ConnectionState } from '../../live.ts';

/**
 * The socket as a reporter hears it: their organisation's room gets `incident.updated` when an answer
 * to one of its reports is published. Reporters get no replay after a reconnect, so `onChange` runs
 * on every `ready` too and the screen refetches what it shows. `onUnauthorized` runs when the socket
 * is refused and the API confirms the session has ended.
 */
export function useOrganisationLive(onChange: (event: LiveEvent | null) => void, onUnauthorized: () => void): ConnectionState {
  const [state, setState] = useState<ConnectionState>('connecting');
  const handler = useRef(onChange);
  handler.current = onChange;
  const unauthorized = useRef(onUnauthorized);
  unauthorized.current = onUnauthorized;

  useEffect(() => {
    let readyOnce = false;
    const connection = connectLive({
      onEvent: (event) => handler.current(event),
      onReady: () => {
        // The first `ready` follows the screen's own first load; later ones follow a gap.
        if (readyOnce) handler.current(null);
        readyOnce = true;
      },
      onState: setState,
      onUnauthorized: () => {
        setState('offline');
        unauthorized.current();
      },
      checkSession: async () => {
        try {
          return (await getSession()) !== null;
        } catch {
          return null;
        }
      },
      // An EMB user who files reports may also see the queue: this screen wants only their organisation's events.
    }, { scope: 'organisation' });
    return () => connection.close();
  }, []);

  return state;
}
