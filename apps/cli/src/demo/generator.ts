import type { Platform, ReportInput, Tlp } from '@sitroom/core';
import { CANDIDATES, CITIES, CLAIMS, PLACES, type ClaimTemplate } from './claims.ts';
import { DEMO_REGIONS, type DemoRegionCode } from './directory.ts';

export type Random = () => number;

/** A small seeded PRNG (mulberry32), so tests and `--seed` runs repeat exactly. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (random: Random, min: number, max: number) => Math.floor(min + random() * (max - min + 1));

function randomId(random: Random, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}
const DIGITS = '0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A made-up link to one post on the claim's platform, or none for claims without a link. */
export function postUrl(template: ClaimTemplate, random: Random): string | null {
  const source = template.source ?? 'usuario';
  switch (template.platform) {
    case 'facebook':
      return `https://www.facebook.com/${source}/posts/pfbid0${randomId(random, ALNUM, 32)}`;
    case 'x':
      return `https://x.com/${source}/status/18${randomId(random, DIGITS, 17)}`;
    case 'tiktok':
      return `https://www.tiktok.com/@${source}/video/74${randomId(random, DIGITS, 17)}`;
    case 'youtube':
      return `https://www.youtube.com/watch?v=${randomId(random, ALNUM, 11)}`;
    case 'instagram':
      return `https://www.instagram.com/p/C${randomId(random, ALNUM, 10)}/`;
    case 'telegram':
      return `https://t.me/${source}/${between(random, 100, 9999)}`;
    case 'web':
      return `https://${source}/2026/11/${randomId(random, 'abcdefghijklmnopqrstuvwxyz', 8)}-${between(random, 1000, 99999)}`;
    case 'whatsapp':
      // Forwarded chain messages rarely carry a link; sometimes the group invite where it was seen.
      return random() < 0.3 ? `https://chat.whatsapp.com/${randomId(random, ALNUM, 22)}` : null;
    default:
      return null;
  }
}

/**
 * Another way of writing the same link, as a second organisation would paste it: tracking
 * parameters, mobile hosts, short hosts, trailing slashes. core's `normalizeUrl` maps every
 * variant back to the original, which is what lets the triage worker corroborate.
 */
export function urlVariant(url: string, random: Random): string {
  const u = new URL(url);
  const host = u.hostname.replace(/^www\./, '');
  const options: (() => void)[] = [
    () => {
      u.searchParams.set('utm_source', pick(random, ['whatsapp', 'facebook', 'copy_link']));
      u.searchParams.set('utm_medium', 'social');
    },
    () => {
      u.hash = 'comments';
    },
  ];
  // core recognises youtube.com/watch only without a trailing slash
  if (host !== 'youtube.com') {
    options.push(() => {
      u.pathname = u.pathname.endsWith('/') ? u.pathname.replace(/\/+$/, '') || '/' : `${u.pathname}/`;
    });
  }
  if (host === 'facebook.com') {
    options.push(() => (u.hostname = 'm.facebook.com'), () => u.searchParams.set('mibextid', randomId(random, ALNUM, 6)));
    options.push(() => u.searchParams.set('fbclid', `IwAR${randomId(random, ALNUM, 20)}`));
  }
  if (host === 'x.com') {
    options.push(() => (u.hostname = 'twitter.com'), () => (u.hostname = 'mobile.twitter.com'));
    options.push(() => {
      u.searchParams.set('s', '20');
      u.searchParams.set('t', randomId(random, ALNUM, 10));
    });
  }
  if (host === 'tiktok.com') {
    options.push(() => (u.hostname = 'm.tiktok.com'), () => u.searchParams.set('is_from_webapp', '1'));
  }
  if (host === 'youtube.com') {
    const id = u.searchParams.get('v');
    options.push(() => (u.hostname = 'm.youtube.com'));
    if (id) {
      options.push(() => {
        u.hostname = 'youtu.be';
        u.pathname = `/${id}`;
        u.search = '';
        u.searchParams.set('si', randomId(random, ALNUM, 12));
      });
    }
  }
  if (host === 'instagram.com') options.push(() => u.searchParams.set('igsh', randomId(random, ALNUM, 12)));
  if (host === 'chat.whatsapp.com') options.length = 1; // only tracking parameters keep an invite link the same
  pick(random, options)();
  if (random() < 0.3) u.protocol = 'http:';
  return u.toString();
}

/**
 * The same claim retyped or forwarded: case, punctuation, accents and emphasis change; words and
 * numbers do not, so core's `normalizeClaim` gives the same text.
 */
export function claimVariant(text: string, random: Random): string {
  const options: ((t: string) => string)[] = [
    (t) => t.toUpperCase(),
    (t) => `🚨 ${t} 🚨`,
    (t) => t.normalize('NFD').replace(/\p{M}+/gu, ''),
    (t) => `${t.replace(/[.:,]/g, ' ')}!!!`,
    (t) => `*${t}*`,
    (t) => `»${t.replace(/\s+/g, '  ')}«`,
  ];
  return pick(random, options)(text);
}

function fill(template: string, random: Random, region: DemoRegionCode | undefined) {
  const city = pick(random, CITIES[region ?? pick(random, DEMO_REGIONS).code]);
  return template
    .replaceAll('{city}', city)
    .replaceAll('{place}', pick(random, PLACES))
    .replaceAll('{n}', String(between(random, 1, 99)))
    .replaceAll('{candidate}', pick(random, CANDIDATES))
    .replaceAll('{hour}', String(between(random, 12, 16)))
    .replaceAll('{pct}', String(between(random, 38, 71)));
}

function pickTlp(random: Random): Tlp {
  const r = random();
  return r < 0.1 ? 'clear' : r < 0.25 ? 'green' : r < 0.95 ? 'amber' : 'red';
}

interface Sighting {
  template: ClaimTemplate;
  claim: string;
  url: string | null;
  region: DemoRegionCode | undefined;
  platform: Platform;
  reach: number;
  filedBy: Set<string>;
}

export interface DemoReport {
  organisation: string;
  body: ReportInput;
  /** True when this report repeats an earlier claim (another organisation corroborating it). */
  repeat: boolean;
}

export interface DemoGeneratorOptions {
  organisations: readonly string[];
  random?: Random;
  now?: () => Date;
  /** Share of reports that repeat an earlier claim from another organisation. */
  repeatShare?: number;
}

/**
 * An endless supply of demo reports. About a third repeat a recent claim from another
 * organisation with the link written differently (or, without a link, the text retyped), so the
 * triage worker has something to deduplicate and corroborate.
 */
export function createDemoGenerator(options: DemoGeneratorOptions) {
  const { organisations } = options;
  if (organisations.length === 0) throw new Error('the demo generator needs at least one organisation');
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  const repeatShare = options.repeatShare ?? 0.35;
  const recent: Sighting[] = [];
  const chainMessages = new Map<string, Sighting>();
  let sequence = 0;

  function fresh(): { sighting: Sighting; organisation: string; repeat: boolean } | null {
    const template = pick(random, CLAIMS);
    const region = template.regions ? pick(random, template.regions) : random() < 0.8 ? pick(random, DEMO_REGIONS).code : undefined;
    const sighting: Sighting = {
      template,
      claim: fill(template.text, random, region),
      url: postUrl(template, random),
      region,
      platform: template.platform,
      reach: between(random, template.reach[0], template.reach[1]),
      filedBy: new Set(),
    };
    // A chain message without a link, forwarded word for word, is the same sighting again.
    const same = sighting.url === null ? chainMessages.get(sighting.claim) : undefined;
    if (same) return same.filedBy.size < organisations.length ? spread(same) : null;
    if (sighting.url === null) chainMessages.set(sighting.claim, sighting);
    recent.push(sighting);
    if (recent.length > 40) recent.shift();
    return { sighting, organisation: pick(random, organisations), repeat: false };
  }

  /** Another organisation files a sighting it has not filed yet. */
  function spread(sighting: Sighting): { sighting: Sighting; organisation: string; repeat: boolean } {
    const organisation = pick(random, organisations.filter((o) => !sighting.filedBy.has(o)));
    sighting.reach = Math.round(sighting.reach * (1.3 + random()));
    return { sighting, organisation, repeat: true };
  }

  function repeat() {
    const candidates = recent.filter((s) => s.filedBy.size < organisations.length);
    if (candidates.length === 0) return null;
    // Prefer recent sightings: claims spread while they are fresh.
    return spread(candidates[Math.max(0, candidates.length - 1 - Math.floor(random() * Math.min(10, candidates.length)))]!);
  }

  return {
    next(): DemoReport {
      let chosen = recent.length > 0 && random() < repeatShare ? repeat() : null;
      while (!chosen) chosen = fresh();
      const { sighting, organisation, repeat: repeated } = chosen;
      sighting.filedBy.add(organisation);
      sequence += 1;
      const claim = repeated && !sighting.url ? claimVariant(sighting.claim, random) : sighting.claim;
      const urls = sighting.url ? [repeated ? urlVariant(sighting.url, random) : sighting.url] : [];
      const observedAt = new Date(now().getTime() - between(random, 1, 90) * 60_000);
      const body: ReportInput = {
        claim,
        urls,
        platform: sighting.platform,
        language: sighting.template.language,
        category: sighting.template.category,
        observedAt: observedAt.toISOString(),
        reach: sighting.reach,
        externalId: `demo-${now().getTime().toString(36)}-${sequence}`,
        tlp: pickTlp(random),
        ...(sighting.region ? { region: sighting.region } : {}),
        ...(sighting.template.evidence && random() < 0.6 ? { evidence: sighting.template.evidence } : {}),
      };
      return { organisation, body, repeat: repeated };
    },
  };
}
