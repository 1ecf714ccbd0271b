import { describe, expect, it } from 'vitest';
import { ReportInput } from './report.schema.ts';
import { detailsFromZodIssues } from './errors.ts';

const valid = { claim: 'La mesa 12 cambió de lugar', platform: 'facebook', language: 'es', category: 'voting_process' };

function details(input: unknown) {
  const r = ReportInput.safeParse(input);
  return r.success ? [] : detailsFromZodIssues(r.error.issues);
}

describe('ReportInput', () => {
  it('accepts a minimal report and fills defaults', () => {
    const r = ReportInput.parse(valid);
    expect(r).toMatchObject({ urls: [], tlp: 'amber', language: 'es' });
  });

  it('normalises the case of the language tag', () => {
    expect(ReportInput.parse({ ...valid, language: 'EN-gb' }).language).toBe('en-gb');
  });

  it.each([
    [{ ...valid, claim: '' }, 'claim'],
    [{ ...valid, claim: '   ' }, 'claim'],
    [{ ...valid, claim: 'x'.repeat(5001) }, 'claim'],
    [{ ...valid, urls: ['ftp://example.org/a'] }, 'urls.0'],
    [{ ...valid, urls: ['not a url'] }, 'urls.0'],
    [{ ...valid, urls: Array.from({ length: 21 }, (_, i) => `https://e.org/${i}`) }, 'urls'],
    [{ ...valid, platform: 'myspace' }, 'platform'],
    [{ ...valid, language: 'español' }, 'language'],
    [{ ...valid, category: 'gossip' }, 'category'],
    [{ ...valid, observedAt: '2999-01-01T00:00:00Z' }, 'observedAt'],
    [{ ...valid, observedAt: 'yesterday' }, 'observedAt'],
    [{ ...valid, reach: -1 }, 'reach'],
    [{ ...valid, reach: 1.5 }, 'reach'],
    [{ ...valid, evidence: 'e'.repeat(10001) }, 'evidence'],
    [{ ...valid, tlp: 'purple' }, 'tlp'],
    [{ ...valid, region: 'La Paz!' }, 'region'],
    [{ ...valid, colour: 'red' }, 'colour'],
    [{ platform: 'x', language: 'es', category: 'results' }, 'claim'],
  ])('rejects %j at %s', (input, path) => {
    expect(details(input).map((d) => d.path)).toContain(path);
  });

  it('accepts an observedAt a little ahead of our clock (filer clock skew)', () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    expect(ReportInput.safeParse({ ...valid, observedAt: soon }).success).toBe(true);
  });
});
