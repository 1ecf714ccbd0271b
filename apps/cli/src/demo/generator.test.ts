import { normalizeClaim, normalizeUrl, ReportInput } from '@sitroom/core';
import { describe, expect, it } from 'vitest';
import { CLAIMS } from './claims.ts';
import { DEMO_REGIONS } from './directory.ts';
import { claimVariant, createDemoGenerator, postUrl, seededRandom, urlVariant } from './generator.ts';

const ORGS = ['Chequea Bolivia', 'Verifica Andes', 'Observatorio Ciudadano', 'Radio Comunitaria Red'];
const NOW = new Date('2026-11-24T15:00:00Z');

describe('demo claims', () => {
  it('has about thirty templates with distinct keys', () => {
    expect(CLAIMS.length).toBeGreaterThanOrEqual(28);
    expect(new Set(CLAIMS.map((c) => c.key)).size).toBe(CLAIMS.length);
  });
});

describe('urlVariant', () => {
  it('always normalises to the same link as the original', () => {
    const random = seededRandom(7);
    for (const template of CLAIMS) {
      for (let i = 0; i < 20; i++) {
        const url = postUrl(template, random);
        if (!url) continue;
        const variant = urlVariant(url, random);
        expect(normalizeUrl(variant), `${url} vs ${variant}`).toBe(normalizeUrl(url));
      }
    }
  });

  it('actually writes the link differently', () => {
    const random = seededRandom(3);
    const url = 'https://x.com/ultimominuto_bo/status/1801234567890123456';
    const variants = new Set(Array.from({ length: 20 }, () => urlVariant(url, random)));
    expect(variants.size).toBeGreaterThan(5);
    expect(variants.has(url)).toBe(false);
  });
});

describe('claimVariant', () => {
  it('keeps the normalised claim', () => {
    const random = seededRandom(11);
    for (const template of CLAIMS) {
      const variant = claimVariant(template.text, random);
      expect(normalizeClaim(variant)).toBe(normalizeClaim(template.text));
    }
  });
});

describe('createDemoGenerator', () => {
  const reports = (() => {
    const generator = createDemoGenerator({ organisations: ORGS, random: seededRandom(42), now: () => NOW });
    return Array.from({ length: 300 }, () => generator.next());
  })();

  it('produces reports the API accepts', () => {
    for (const { body } of reports) {
      const parsed = ReportInput.safeParse(body);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      if (body.region) expect(DEMO_REGIONS.map((r) => r.code)).toContain(body.region);
      expect(Date.parse(body.observedAt!)).toBeLessThanOrEqual(NOW.getTime());
    }
  });

  it('repeats about a third of claims, each time from an organisation that has not filed it yet', () => {
    const repeats = reports.filter((r) => r.repeat);
    expect(repeats.length / reports.length).toBeGreaterThan(0.2);
    expect(repeats.length / reports.length).toBeLessThan(0.5);
    const filers = new Map<string, Set<string>>();
    for (const r of reports) {
      const key = r.body.urls?.length ? normalizeUrl(r.body.urls[0]!)! : `${r.body.language}:${normalizeClaim(r.body.claim)}`;
      const seen = filers.get(key) ?? new Set();
      if (r.repeat) expect(seen.has(r.organisation)).toBe(false);
      seen.add(r.organisation);
      filers.set(key, seen);
    }
    expect([...filers.values()].some((orgs) => orgs.size >= 3)).toBe(true);
  });

  it('mixes languages, categories and platforms, with unique external ids', () => {
    expect(new Set(reports.map((r) => r.body.language))).toEqual(new Set(['es', 'en']));
    expect(new Set(reports.map((r) => r.body.category)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(reports.map((r) => r.body.platform)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(reports.map((r) => r.body.externalId)).size).toBe(reports.length);
  });

  it('is repeatable with a seed', () => {
    const a = createDemoGenerator({ organisations: ORGS, random: seededRandom(5), now: () => NOW });
    const b = createDemoGenerator({ organisations: ORGS, random: seededRandom(5), now: () => NOW });
    for (let i = 0; i < 20; i++) expect(a.next()).toEqual(b.next());
  });
});
