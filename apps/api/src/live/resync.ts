
/** The part of an ioredis connection the watch needs. */
export interface SubscriberConnection {
  on(event: 'close' | 'end' | 'ready', listener: () => void): unknown;
  ping(): Promise<unknown>;
}

/**
 * Calls `restored` each time the adapter's subscriber connection is ready again after it was lost.
 * While it is down, broadcasts from other processes never reach this process's sockets, and Redis
 * pub/sub keeps nothing for later; the replay from Postgres is the only way to catch up.
 *
 * ioredis subscribes again right after `ready`; a PING answered on the same connection comes after
 * those subscriptions, so by then every later broadcast arrives and a replay leaves no gap.
 */
export function watchSubscription(sub: SubscriberConnection, restored: () => void, onError: (err: Error) => void = () => {}): void {
  let lost = false;
  const markLost = () => {
    lost = true;
  };
  sub.on('close', markLost);
  sub.on('end', markLost);
  sub.on('ready', () => {
    if (!lost) return;
    lost = false;
    // Lost again before the PING came back: the next `ready` answers for both. A PING that fails on
    // a live connection proves nothing either way, and a late resync beats none.
    const settled = () => {
      if (!lost) restored();
    };
    sub.ping().then(settled, (err: Error) => {
      onError(err);
      settled();
    });
  });
}
