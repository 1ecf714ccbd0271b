/**
 * Many dashboard sockets in one child process, driven over IPC by the bench. Each is a plain
 * WebSocket speaking the engine.io/socket.io wire protocol (open, connect with auth, ping/pong,
 * events), which costs the client far less than socket.io-client, so the server is what is measured.
 *
 *   { cmd: 'connect', url, cookie, n, batch }  → { connected, failed }
 *   { cmd: 'reset', sampleEvery }             → { reset: true }   (parse 1 message in `sampleEvery`)
 *   { cmd: 'collect', lastFrom }               → { probe, lag, lagLast, messages, events }
 *   { cmd: 'close' }                           → exits
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

const nowMs = () => performance.timeOrigin + performance.now();

interface Dash {
  ws: WebSocket;
  ready: boolean;
  messages: number;
  events: number;
}

let dashes: Dash[] = [];
let sampleEvery = 1;
let probe: number[] = [];
let lag: [number, number][] = [];

function onEvent(e: any, arrival: number) {
  if (typeof e?.benchSentAt === 'number') probe.push(arrival - e.benchSentAt);
  else if (typeof e?.at === 'string') lag.push([arrival, arrival - Date.parse(e.at)]);
}

function open(url: string, cookie: string, batch: boolean, index: number): Promise<Dash> {
  const wsUrl = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { headers: { cookie }, skipUTF8Validation: true, perMessageDeflate: false });
    const d: Dash = { ws, ready: false, messages: 0, events: 0 };
    const timer = setTimeout(() => reject(new Error('socket not ready in 20 s')), 20_000);
    ws.on('error', (err) => reject(err));
    ws.on('message', (data: Buffer) => {
      const arrival = nowMs();
      const c0 = data[0];
      if (c0 === 0x32 /* '2' ping */ && data.length === 1) return ws.send('3');
      if (c0 === 0x30 /* '0' open */) return ws.send(batch ? `40${JSON.stringify({ batch: true })}` : '40');
      if (c0 !== 0x34 || data[1] !== 0x32) return; // only '42' event packets from here
      d.messages++;
      if (!d.ready) {
        if (data.toString('latin1', 2, 10) === '["ready"') {
          d.ready = true;
          clearTimeout(timer);
          resolve(d);
        }
        return;
      }
      if ((d.messages + index) % sampleEvery !== 0) return;
      const [name, payload] = JSON.parse(data.toString('utf8', 2));
      if (name === 'events.batch') {
        for (const e of payload.events) onEvent(e, arrival);
        d.events += payload.events.length;
      } else {
        onEvent(payload, arrival);
        d.events++;
      }
    });
  });
}

function summary(values: number[]) {
  if (values.length === 0) return { n: 0, p50: null, p99: null, max: null };
  const s = Float64Array.from(values).sort();
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return { n: s.length, p50: at(0.5), p99: at(0.99), max: s[s.length - 1]! };
}

process.on('message', async (m: any) => {
  if (m.cmd === 'connect') {
    let failed = 0;
    for (let i = 0; i < m.n; i += 50) {
      const batch = await Promise.allSettled(Array.from({ length: Math.min(50, m.n - i) }, (_, k) => open(m.url, m.cookie, m.batch, i + k)));
      for (const r of batch) {
        if (r.status === 'fulfilled') dashes.push(r.value);
        else failed++;
      }
    }
    process.send!({ connected: dashes.length, failed });
  } else if (m.cmd === 'reset') {
    sampleEvery = m.sampleEvery ?? 1;
    probe = [];
    lag = [];
    for (const d of dashes) d.messages = d.events = 0;
    process.send!({ reset: true });
  } else if (m.cmd === 'collect') {
    const messages = dashes.map((d) => d.messages);
    process.send!({
      probe: summary(probe),
      lag: summary(lag.map(([, l]) => l)),
      lagLast: summary(lag.filter(([a]) => a >= m.lastFrom).map(([, l]) => l)),
      messagesPerSocket: { min: Math.min(...messages), max: Math.max(...messages) },
      sockets: dashes.length,
      open: dashes.filter((d) => d.ws.readyState === WebSocket.OPEN).length,
    });
  } else if (m.cmd === 'close') {
    for (const d of dashes) d.ws.terminate();
    dashes = [];
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
