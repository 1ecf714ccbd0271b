import { setTimeout as sleep } from 'node:timers/promises';
import { createDemoGenerator, type Random } from './generator.ts';
import type { DemoKey } from './keys-file.ts';

export interface DemoStreamOptions {
  /** Base URL of the API, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  keys: readonly DemoKey[];
  /** Reports per second. */
  rate: number;
  /** Stop after this many reports; unlimited when undefined. */
  count?: number;
  /** Reports sent at once before the steady pace starts, so a fresh dashboard fills up. */
  burst?: number;
  signal?: AbortSignal;
  /** Give up when the API has not answered at all for this long (default: keep trying). */
  giveUpAfterMs?: number;
  random?: Random;
  log: (line: string) => void;
}

export interface DemoStreamResult {
  sent: number;
  accepted: number;
  rejected: number;
}

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Posts generated reports to POST /api/v1/reports at a steady pace with the demo organisations'
 * keys, until `count` is reached or `signal` aborts. A key the API refuses is dropped; 429 waits
 * for Retry-After.
 */
export async function runDemoStream(options: DemoStreamOptions): Promise<DemoStreamResult> {
  const { baseUrl, signal, log } = options;
  const keyByOrg = new Map(options.keys.map((k) => [k.organisation, k.key]));
  if (keyByOrg.size === 0) throw new Error('no demo API keys: run `pnpm sitroom seed-demo --new-keys` first');
  let generator = createDemoGenerator({ organisations: [...keyByOrg.keys()], random: options.random });
  const url = new URL('/api/v1/reports', baseUrl).toString();
  const interval = 1000 / options.rate;
  const result: DemoStreamResult = { sent: 0, accepted: 0, rejected: 0 };
  let nextAt = Date.now();
  let lastNetworkComplaint = 0;
  let lastAnswer = Date.now();

  while (!signal?.aborted && (options.count === undefined || result.sent < options.count)) {
    if (result.sent >= (options.burst ?? 0)) {
      const wait = nextAt - Date.now();
      if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => undefined);
      if (signal?.aborted) break;
      nextAt = Math.max(nextAt + interval, Date.now() - interval);
    }
    const report = generator.next();
    const key = keyByOrg.get(report.organisation);
    if (!key) continue;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify(report.body),
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(10_000)]) : AbortSignal.timeout(10_000),
      });
    } catch (err) {
      if (signal?.aborted) break;
      if (options.giveUpAfterMs !== undefined && Date.now() - lastAnswer > options.giveUpAfterMs) {
        throw new Error(`the API at ${baseUrl} has not answered for ${Math.round(options.giveUpAfterMs / 1000)} s; is it running?`);
      }
      if (Date.now() - lastNetworkComplaint > 10_000) {
        log(`cannot reach ${url}: ${(err as Error).cause ? String((err as Error & { cause: Error }).cause.message) : (err as Error).message}`);
        lastNetworkComplaint = Date.now();
      }
      continue;
    }
    result.sent += 1;
    lastAnswer = Date.now();
    const text = await response.text();
    const line = `${response.status} ${report.organisation.padEnd(22)} ${report.body.category.padEnd(23)} ${(report.body.region ?? '--').padEnd(2)} ${report.body.language} "${shorten(report.body.claim, 70)}"${report.repeat ? '  (repeat)' : ''}`;
    if (response.status === 202 || response.status === 200) {
      result.accepted += 1;
      log(line);
    } else if (response.status === 401 || response.status === 403) {
      result.rejected += 1;
      keyByOrg.delete(report.organisation);
      log(`${line}\n  the API refused the demo key of ${report.organisation}; dropping it (pnpm sitroom seed-demo --new-keys makes new ones)`);
      if (keyByOrg.size === 0) throw new Error('every demo key was refused; run `pnpm sitroom seed-demo --new-keys`');
      generator = createDemoGenerator({ organisations: [...keyByOrg.keys()], random: options.random });
    } else if (response.status === 429) {
      const retryAfter = Number(response.headers.get('retry-after') ?? '1');
      log(`429 rate limited; waiting ${retryAfter}s`);
      await sleep(Math.max(1, retryAfter) * 1000, undefined, { signal }).catch(() => undefined);
    } else {
      result.rejected += 1;
      log(`${line}\n  ${shorten(text, 500)}`);
    }
  }
  return result;
}
