import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { watchSubscription } from './resync.ts';

/** Stands in for the ioredis subscriber: the test fires its connection events and answers its PINGs. */
class FakeSubscriber extends EventEmitter {
  pings: { resolve: () => void; reject: (err: Error) => void }[] = [];
  ping() {
    return new Promise<unknown>((resolve, reject) => this.pings.push({ resolve: () => resolve(['pong', '']), reject }));
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('watchSubscription', () => {
  it('does nothing on the first ready', async () => {
    const sub = new FakeSubscriber();
    let restored = 0;
    watchSubscription(sub, () => (restored += 1));
    sub.emit('ready');
    await settle();
    expect(sub.pings).toHaveLength(0);
    expect(restored).toBe(0);
  });

  it('reports a ready after a loss once the subscriptions answer, and only once per loss', async () => {
    const sub = new FakeSubscriber();
    let restored = 0;
    watchSubscription(sub, () => (restored += 1));
    sub.emit('ready');
    sub.emit('close');
    sub.emit('end');
    sub.emit('ready');
    await settle();
    expect(restored).toBe(0);
    sub.pings[0]!.resolve();
    await settle();
    expect(restored).toBe(1);
    sub.emit('ready');
    await settle();
    expect(sub.pings).toHaveLength(1);
    expect(restored).toBe(1);
  });

  it('waits for the next ready when the connection drops again before the PING comes back', async () => {
    const sub = new FakeSubscriber();
    let restored = 0;
    const errors: string[] = [];
    watchSubscription(sub, () => (restored += 1), (err) => errors.push(err.message));
    sub.emit('close');
    sub.emit('ready');
    sub.emit('close');
    sub.pings[0]!.reject(new Error('Connection is closed.'));
    await settle();
    expect(restored).toBe(0);
    sub.emit('ready');
    sub.pings[1]!.resolve();
    await settle();
    expect(restored).toBe(1);
    expect(errors).toEqual(['Connection is closed.']);
  });

  it('still reports a restored connection whose PING failed', async () => {
    const sub = new FakeSubscriber();
    let restored = 0;
    watchSubscription(sub, () => (restored += 1), () => {});
    sub.emit('close');
    sub.emit('ready');
    sub.pings[0]!.reject(new Error('odd reply'));
    await settle();
    expect(restored).toBe(1);
  });
});
