/**
 * Load generators: an evenly paced arrival rate (undici on a timer, each request sent at its own
 * scheduled moment, so latency is not inflated by bursts) and autocannon for saturation.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Pool } from 'undici';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const nowMs = () => performance.timeOrigin + performance.now();

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}
export function summarize(values: number[]): Summary {
  if (values.length === 0) return { n: 0, p50: NaN, p99: NaN, max: NaN };
  const s = Float64Array.from(values).sort();
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  return { n: s.length, p50: at(0.5), p99: at(0.99), max: s[s.length - 1]! };
}

const WORDS = ('mesa recinto acta voto urna fraude jurado tribunal padrón boleta cédula conteo cómputo papeleta ánfora delegado '
  + 'candidato escrutinio colegio distrito provincia municipio cierre apertura traslado anulación observación denuncia '
  + 'policía militares camión bolsas firmas sello tinta lista partido alcalde gobernador diputado senador concejal '
  + 'transporte bloqueo marcha huelga dirigentes vecinos jóvenes mujeres campesinos mineros maestros médicos '
  + 'hospital escuela iglesia plaza mercado terminal aeropuerto puente carretera frontera río barrio comunidad '
  + 'radio televisión periódico audio video foto captura mensaje cadena grupo página cuenta perfil transmisión '
  + 'dinero bonos víveres regalos amenazas golpes gases disparos incendio robo compra venta pago deuda multa '
  + 'noche madrugada domingo lunes tarde mañana víspera madrugón horario turno fila espera retraso cambio').split(' ');
const PLACES = ['La Paz', 'El Alto', 'Cochabamba', 'Santa Cruz', 'Oruro', 'Potosí', 'Sucre', 'Tarija', 'Trinidad', 'Cobija'];
const SYLLABLES = 'ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge go gu la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za zo'.split(' ');

/**
 * A made-up rumour from the random bytes `r` (16): six words of the vocabulary, a place, a name and,
 * when `table` (by default for half of them), a polling-table number.
 */
export function rumourClaim(r: Buffer = randomBytes(16), table = r[15]! % 2 === 0): string {
  const words = Array.from(r.subarray(0, 6), (b, i) => WORDS[(b + r[6 + i]! * 256) % WORDS.length]).join(' ');
  const name = Array.from(r.subarray(12, 15), (b) => SYLLABLES[b % SYLLABLES.length]).join('');
  const mesa = table ? ` mesa ${1 + r.readUInt32BE(8) % 90_000}` : '';
  return `Denuncian ${words} en ${PLACES[r[0]! % PLACES.length]}${mesa}, dice ${name[0]!.toUpperCase()}${name.slice(1)}`;
}

/**
 * A valid report body whose claim and link are unlikely to match any other: a new incident each
 * time. The claim reads like a rumour: a few words of an election vocabulary (~150 words), a place,
 * a made-up name (letters only) and, for half of them, a polling-table number. (Until 2026-11-25 it
 * drew 8 of 27 words and ended in a hex tag: every claim shared most of its trigrams with every
 * other, and the tag's digits read as numbers shared by half the table, which no real stream does.)
 */
export function reportBody(): string {
  const r = randomBytes(16);
  const tag = r.toString('hex');
  return JSON.stringify({
    claim: rumourClaim(r),
    urls: [`https://www.facebook.com/groups/elecciones/posts/${tag}`],
    platform: 'facebook',
    language: 'es',
    region: 'LP',
    category: 'voting_process',
    observedAt: new Date(Date.now() - 60_000).toISOString(),
    reach: 1200,
  });
}

export interface PacedResult {
  sent: number;
  /** Requests that could not be sent on time because too many were in flight. */
  skipped: number;
  errors: number;
  statuses: Record<number, number>;
  latencies: number[];
  seconds: number;
}

/**
 * Calls `send(i)` at `rate` per second, evenly: request i is due at start + i/rate, and the timer
 * sends whatever is due. Bounded by count (rate × duration) and by `maxInFlight`.
 */
export async function paced(rate: number, durationMs: number, send: (i: number) => Promise<number>, maxInFlight = 2_000): Promise<PacedResult> {
  const total = Math.round((rate * durationMs) / 1000);
  const result: PacedResult = { sent: 0, skipped: 0, errors: 0, statuses: {}, latencies: [], seconds: 0 };
  let inFlight = 0;
  let i = 0;
  const start = nowMs();
  const pending: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((nowMs() - start) * rate) / 1000) + 1);
      for (; i < due; i++) {
        if (inFlight >= maxInFlight) {
          result.skipped++;
          continue;
        }
        inFlight++;
        result.sent++;
        const t0 = nowMs();
        pending.push(send(i).then(
          (status) => {
            result.latencies.push(nowMs() - t0);
            result.statuses[status] = (result.statuses[status] ?? 0) + 1;
          },
          () => {
            result.errors++;
          },
        ).finally(() => inFlight--));
      }
      if (i >= total) return resolve();
      setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 30_000))]);
  result.seconds = (nowMs() - start) / 1000;
  return result;
}

/** An undici pool for POSTs of JSON to one origin. */
export function jsonPoster(origin: string, connections = 64) {
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  return {
    async post(path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
      const res = await pool.request({ method: 'POST', path, body, headers: { 'content-type': 'application/json', ...headers } });
      const text = await res.body.text();
      return { status: res.statusCode, json: text ? JSON.parse(text) : null };
    },
    close: () => pool.close(),
  };
}

export interface SaturationResult {
  okPerSec: number;
  totalPerSec: number;
  ok: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
}

/** autocannon with many connections and a fresh body per request; counts only 2xx answers. */
export async function saturate(url: string, opts: { seconds: number; connections?: number; headers?: Record<string, string>; body?: () => string }): Promise<SaturationResult> {
  const body = opts.body;
  const r = await autocannon({
    url,
    method: 'POST',
    connections: opts.connections ?? 64,
    duration: opts.seconds,
    headers: { 'content-type': 'application/json', ...opts.headers },
    requests: [{ method: 'POST', ...(body ? { setupRequest: (req: any) => ({ ...req, body: body() }) } : { body: '{"ok":true}' }) }],
  });
  const ok = r['2xx'];
  return {
    okPerSec: ok / opts.seconds, totalPerSec: r.requests.total / opts.seconds, ok, non2xx: r.non2xx, errors: r.errors + r.timeouts,
    p50: r.latency.p50, p99: r.latency.p99,
  };
}
