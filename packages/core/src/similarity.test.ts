import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { normalizeClaim } from './normalize.ts';
import { claimCore, claimKeys, claimLockKeys, claimNumbers, combinationScans, contentStems, DEFAULT_PROBE_KEYS, probeKeys, DEFAULT_DEDUP_THRESHOLDS, isSameClaim, mayBeSameClaim, trigrams, trigramSimilarity, withinEdits } from './similarity.ts';

const claim = (text: string) => ({ text, norm: normalizeClaim(text) });
const same = (a: string, b: string) => isSameClaim(claim(a), claim(b));

describe('trigrams (as pg_trgm)', () => {
  it('pads each word with two spaces in front and one behind', () => {
    expect([...trigrams('cat')].sort()).toEqual(['  c', ' ca', 'at ', 'cat']);
    // pg_trgm: select show_trgm('a 12') → {"  1","  a"," 12"," a ","12 "}
    expect([...trigrams('a 12')].sort()).toEqual(['  1', '  a', ' 12', ' a ', '12 ']);
  });
  it('is shared trigrams over all distinct trigrams', () => {
    expect(trigramSimilarity('abc', 'abc')).toBe(1);
    expect(trigramSimilarity('abc', 'xyz')).toBe(0);
    // {"  w"," wo","wor","ord","rd "} vs {"  w"," wo","wor","ork","rk "}: 3 shared of 7
    expect(trigramSimilarity('word', 'work')).toBeCloseTo(3 / 7, 10);
    expect(trigramSimilarity('', '')).toBe(0);
  });
});

describe('claimCore', () => {
  it('drops forwarding prefixes, calls to share, hashtags, mentions and links', () => {
    expect(claimCore('Reenviado: 🚨 URGENTE 🚨 La mesa 12 cambió ¡Compartan! #Elecciones2026 @tse https://x.com/a/status/1')).toBe('la mesa 12 cambio');
    expect(claimCore('Forwarded many times: BREAKING: station 4 moved. Pass it on!')).toBe('station 4 moved');
  });
});

describe('isSameClaim', () => {
  it('joins the same text retyped: case, accents, emoji, hashtags, forwarding prefixes', () => {
    const base = 'La mesa 12 de Villa Fátima fue trasladada a la Unidad Educativa Ayacucho';
    expect(same(base, `Reenviado: ${base.toUpperCase()} 😡 #BoliviaDecide`).same).toBe(true);
    expect(same(base, base.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase()).same).toBe(true);
  });

  it('joins a rewording that keeps the details (numbers and names)', () => {
    const d = same(
      'La mesa 12 de Villa Fátima fue trasladada a la Unidad Educativa Ayacucho, no vayan al recinto de siempre',
      'Atención votantes de Villa Fátima: la mesa 12 ahora funciona en la Unidad Educativa Ayacucho',
    );
    expect(d).toMatchObject({ same: true });
  });

  it('joins despite a typo in a name', () => {
    expect(same('El acta de la mesa 3045 de El Alto fue adulterada: le sumaron 200 votos a Ernesto Villca', 'El acta de la mesa 3045 de El Alto fue adulterada: le sumaron 200 votos a Ernesto Vlilca').same).toBe(true);
  });

  it('keeps apart the same template with another number', () => {
    const d = same('La mesa 12 de Villa Fátima fue trasladada a la Unidad Educativa Ayacucho', 'La mesa 13 de Villa Fátima fue trasladada a la Unidad Educativa Ayacucho');
    expect(d.same).toBe(false);
    expect(d.reason).toMatch(/numbers differ: 12 vs 13/);
    expect(d.score).toBeGreaterThan(0.8);
  });

  it('keeps apart the same template with another place or candidate', () => {
    expect(same('Robaron 4 ánforas con votos en Yacuiba y la policía no hizo nada', 'Robaron 4 ánforas con votos en Camiri y la policía no hizo nada')).toMatchObject({ same: false, reason: expect.stringMatching(/names differ/) });
    expect(same('Encuesta de Diagnosis: Ernesto Villca gana con 52% en primera vuelta', 'Encuesta de Diagnosis: Jaime Choque gana con 52% en primera vuelta').same).toBe(false);
  });

  it('keeps apart another day, even misspelt', () => {
    expect(same('IEBC says voting in Nakuru has been postponed to Thursday', 'IEBC says voting in Nakuru has been postponed to Friday')).toMatchObject({ same: false, reason: expect.stringMatching(/dates differ/) });
    expect(same('IEBC says voting in Nakuru has been postponed to Thusday', 'IEBC says voting in Nakuru has been postponed to Friday').same).toBe(false);
  });

  it('keeps apart a swapped name that opens a sentence, or in a text in capitals', () => {
    expect(same('TIFA poll: Peter Wafula leads with 61% and wins in the first round', 'Infotrak poll: Peter Wafula leads with 61% and wins in the first round').same).toBe(false);
    expect(same('VOTERS IN KIAMBU WITHOUT THE NEW MAISHA NAMBA CARD WILL BE TURNED AWAY', 'voters in machakos without the new maisha namba card will be turned away').same).toBe(false);
  });

  it('keeps apart different rumours', () => {
    expect(same('La tinta indeleble se borra con lavandina en Cobija', 'Robaron 4 ánforas en Cobija').same).toBe(false);
  });

  it('takes its thresholds from the caller', () => {
    const a = 'Hay 3200 personas fallecidas habilitadas en el padrón de Tupiza';
    const b = 'En el padrón de Tupiza figuran 3200 muertos que van a votar';
    const strict = isSameClaim(claim(a), claim(b), { ...DEFAULT_DEDUP_THRESHOLDS, joinWithSharedDetails: 0.9 });
    const loose = isSameClaim(claim(a), claim(b), { ...DEFAULT_DEDUP_THRESHOLDS, joinWithSharedDetails: 0.05 });
    expect(strict.same).toBe(false);
    expect(loose.same).toBe(true);
  });
});

describe('content words', () => {
  it('stems inflections and drops function words', () => {
    expect(contentStems(claimCore('Los venezolanos votan por plata'))).toEqual(contentStems(claimCore('venezolano votando plata')));
  });

  it('join a rewording whose trigrams differ, not one with a swapped name', () => {
    expect(same('Los migrantes venezolanos de Cotoca están cobrando por votar, hay que sacarlos del padrón', 'Venezolanos en Cotoca votan por plata, fuera del padrón ya').same).toBe(true);
    expect(same('Form 34A from Bungoma polling station 17 was altered to give Peter Wafula 300 extra votes', 'Fake results: Kakamega station 17 form inflated by 300 votes for Peter Wafula').same).toBe(false);
  });
});

describe('claimNumbers and claimLockKeys', () => {
  it('reads the numbers a claim states, not those in hashtags or links', () => {
    expect(claimNumbers('Mesa 012 y mesa 7 anuladas #Elecciones2025 https://x.com/a/status/99')).toEqual(['12', '7']);
  });

  it('keys a claim by its numbers and its rare words, so retellings wait for each other and unrelated rumours do not', () => {
    expect(claimLockKeys('Anulan las actas de la mesa 12 en Sucre', 'es')).toEqual([
      'claim-number:es:12', 'claim-word:es:act', 'claim-word:es:anul', 'claim-word:es:mesa', 'claim-word:es:sucr',
    ]);
    const a = claimLockKeys('La tinta indeleble se borra con lavandina en Cobija', 'es');
    const b = claimLockKeys('URGENTE: la tinta indeleble se borra con lavandina en Cobija!!', 'es');
    const c = claimLockKeys('El tribunal cambió el horario de cierre de los recintos', 'es');
    expect(a.some((k) => b.includes(k))).toBe(true);
    expect(a.some((k) => c.includes(k))).toBe(false);
    // A retelling with a number and one without share the rumour's words.
    expect(claimLockKeys('Anulan 300 actas en Sucre', 'es').some((k) => claimLockKeys('Dicen que anulan actas en Sucre', 'es').includes(k))).toBe(true);
  });

  it('leaves out words too common to lock on; with no number and no rare word, MinHash bands', () => {
    const stats = { incidents: 100_000, rowsWith: (k: string) => ({ mesa: 30_000, act: 9_000, anul: 21, sucr: 20 } as Record<string, number>)[k] ?? 0 };
    // Up to 20 incidents a word is rare enough: "sucr" is, the others are not.
    expect(claimLockKeys('Anulan las actas de la mesa 12 en Sucre', 'es', stats)).toEqual(['claim-number:es:12', 'claim-word:es:sucr']);
    // Nothing rare: its numbers alone, or its bands when it states none.
    expect(claimLockKeys('Anulan las actas de la mesa 12', 'es', stats)).toEqual(['claim-number:es:12']);
    const bands = claimLockKeys('Anulan las actas de la mesa', 'es', stats);
    expect(bands).toHaveLength(4);
    expect(bands.every((k) => k.startsWith('claim-band:es:'))).toBe(true);
    expect(claimLockKeys('URGENTE: anulan las actas de la mesa!!', 'es', stats).some((k) => bands.includes(k))).toBe(true);
    expect(claimLockKeys('Anulan las actas de la mesa', 'es', { incidents: 200, rowsWith: (k) => (k === 'mesa' ? 21 : 20) })).toEqual(['claim-word:es:act', 'claim-word:es:anul']);
    expect(claimLockKeys('🗳️🗳️', 'es')).toEqual(['claim-empty:es']);
  });

  it('gives every pair of retellings of the labelled corpus that isSameClaim joins a shared key', () => {
    const corpus = JSON.parse(readFileSync(new URL('../corpus/dedup-corpus.json', import.meta.url), 'utf8')) as { reports: { incident: string; language: string; claim: string }[] };
    let pairs = 0;
    const unshared: string[] = [];
    for (const a of corpus.reports) {
      for (const b of corpus.reports) {
        if (a === b || a.incident !== b.incident || a.language !== b.language) continue;
        if (!isSameClaim({ text: a.claim, norm: normalizeClaim(a.claim) }, { text: b.claim, norm: normalizeClaim(b.claim) }).same) continue;
        pairs++;
        const ka = claimLockKeys(a.claim, a.language);
        if (!claimLockKeys(b.claim, b.language).some((k) => ka.includes(k))) unshared.push(`${a.claim} | ${b.claim}`);
      }
    }
    expect(pairs).toBeGreaterThan(500);
    expect(unshared).toEqual([]);
  });
});

describe('claimKeys and probeKeys', () => {
  it('keys a claim by the distinct stems of its content words, without numbers, chrome or calls to share', () => {
    expect(claimKeys('Reenviado: URGENTE Anulan las actas de la mesa 12 en Sucre, anulan todo!! Compartan #Fraude2025')).toEqual(['act', 'anul', 'mesa', 'sucr']);
    expect(claimKeys('Los venezolanos votan por plata')).toEqual(claimKeys('venezolano votando plata'));
    // Nothing but chrome and small words: looked up by those, so that its forwards find it.
    expect(claimKeys('¡¡URGENTE, compartan ya!!')).toEqual(['compartan', 'urgente', 'ya']);
    expect(claimKeys('Reenviado: ¡¡URGENTE, compartan ya!!')).toEqual(['compartan', 'reenviado', 'urgente', 'ya']);
  });

  const stats = (incidents: number, rows: Record<string, number>) => ({ incidents, rowsWith: (k: string) => rows[k] ?? 0 });

  it('looks every word up while the table has no statistics', () => {
    expect(probeKeys(['b', 'a', 'c'], undefined)).toEqual({ keys: ['a', 'b', 'c'], combinations: [] });
  });

  it('looks the rarest word up whatever it costs, more while they fit, and pairs of the commoner ones when the pairs fit', () => {
    const s = stats(100_000, { name: 2, town: 150, act: 5_000, fraud: 4_000, vote: 20_000, sign: 3_000, ink: 2_500 });
    expect(probeKeys(['act', 'fraud', 'ink', 'name', 'sign', 'town', 'vote'], s, { maxRows: 400, combinedKeys: 2 })).toEqual({
      keys: ['name', 'town'],
      // ink × sign: 2,500 × 3,000 / 100,000 = 75 rows
      combinations: [['ink', 'sign']],
    });
    // The rarest is looked up even over the budget.
    expect(probeKeys(['vote', 'act'], s, { maxRows: 400, combinedKeys: 0 })).toEqual({ keys: ['act'], combinations: [] });
  });

  it('falls back to threes of the commoner words when their pairs would read too much, and to nothing more when those would', () => {
    const s = stats(100_000, { name: 1, a: 5_000, b: 5_000, c: 5_000, d: 5_000 });
    // Pairs: 6 × 250 rows; threes: 4 × 12.5 rows.
    const probe = probeKeys(['a', 'b', 'c', 'd', 'name'], s, { maxRows: 400, combinedKeys: 4 });
    expect(probe.keys).toEqual(['name']);
    expect(probe.combinations).toEqual([['a', 'b', 'c'], ['a', 'b', 'd'], ['a', 'c', 'd'], ['b', 'c', 'd']]);
    const common = stats(100_000, { name: 1, a: 90_000, b: 90_000, c: 90_000 });
    expect(probeKeys(['a', 'b', 'c', 'name'], common, { maxRows: 400, combinedKeys: 4 })).toEqual({ keys: ['name'], combinations: [] });
  });

  it('keeps the rows it expects to read (but for the rarest word) within the budget, over random statistics', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 500; run++) {
      const incidents = 1 + Math.floor(next() * 200_000);
      const rows: Record<string, number> = {};
      const keys = Array.from({ length: 1 + Math.floor(next() * 12) }, (_, i) => `k${i}`);
      for (const k of keys) rows[k] = Math.floor(next() ** 3 * incidents);
      const probe = probeKeys(keys, stats(incidents, rows));
      const [rarest, ...others] = [...keys].sort((a, b) => rows[a]! - rows[b]! || keys.indexOf(a) - keys.indexOf(b));
      expect(probe.keys).toContain(rarest);
      const alone = others.filter((k) => probe.keys.includes(k)).reduce((sum, k) => sum + rows[k]!, 0);
      const combined = probe.combinations.reduce((sum, set) => sum + set.reduce((r, k) => (r * rows[k]!) / incidents, incidents), 0);
      expect(alone + combined).toBeLessThanOrEqual(DEFAULT_PROBE_KEYS.maxRows + 1e-9);
      for (const set of probe.combinations) for (const k of set) expect(probe.keys).not.toContain(k);
    }
  });
});

describe('combinationScans', () => {
  const subsets = (items: string[], k: number): string[][] =>
    k === 0 ? [[]] : items.flatMap((x, i) => subsets(items.slice(i + 1), k - 1).map((rest) => [x, ...rest]));
  const matchesScans = (words: Set<string>, scans: { all: string[]; anyOf: string[][] }[]) =>
    scans.some((s) => s.all.every((w) => words.has(w)) && s.anyOf.every((g) => g.some((w) => words.has(w))));

  it('looks up three of four words in two scans, two of four in three, all four in one', () => {
    const w = ['a', 'b', 'c', 'd'];
    expect(combinationScans(subsets(w, 3))).toEqual([{ all: ['c', 'd'], anyOf: [['a', 'b']] }, { all: ['a', 'b'], anyOf: [['c', 'd']] }]);
    expect(combinationScans(subsets(w, 2))).toHaveLength(3);
    expect(combinationScans([w])).toEqual([{ all: w, anyOf: [] }]);
    expect(combinationScans([])).toEqual([]);
    // Not every subset: one scan per combination, as given.
    expect(combinationScans([['a', 'b'], ['c', 'd']])).toEqual([{ all: ['a', 'b'], anyOf: [] }, { all: ['c', 'd'], anyOf: [] }]);
  });

  it('finds exactly what the combinations find, for every k of up to seven words and every set of words an incident may have', () => {
    for (let n = 1; n <= 7; n++) {
      const words = Array.from({ length: n }, (_, i) => `w${i}`);
      for (let k = 1; k <= n; k++) {
        const combinations = subsets(words, k);
        const scans = combinationScans(combinations);
        expect(scans.length).toBeLessThanOrEqual(combinations.length);
        for (let mask = 0; mask < 2 ** (n + 1); mask++) {
          // The incident's words: some of these and maybe one more.
          const has = new Set([...words, 'other'].filter((_, i) => mask & (1 << i)));
          expect(matchesScans(has, scans), `${k} of ${n}, incident ${[...has]}`).toBe(combinations.some((c) => c.every((w) => has.has(w))));
        }
      }
    }
  });
});

describe('mayBeSameClaim', () => {
  it('is never false for a pair isSameClaim joins, on every pair of the labelled corpus', async () => {
    const { readFileSync } = await import('node:fs');
    const corpus = JSON.parse(readFileSync(new URL('../corpus/dedup-corpus.json', import.meta.url), 'utf8')) as { reports: { claim: string; language: string }[] };
    const byLanguage = new Map<string, ReturnType<typeof claim>[]>();
    for (const r of corpus.reports) byLanguage.set(r.language, [...(byLanguage.get(r.language) ?? []), claim(r.claim)]);
    let skipped = 0;
    let joined = 0;
    for (const claims of byLanguage.values()) {
      for (let i = 0; i < claims.length; i++) {
        for (let j = i + 1; j < claims.length; j++) {
          const decision = isSameClaim(claims[i]!, claims[j]!);
          if (decision.same) joined++;
          if (!mayBeSameClaim(claims[i]!, claims[j]!)) {
            skipped++;
            expect(decision.same, `${claims[i]!.text} | ${claims[j]!.text}`).toBe(false);
          }
        }
      }
    }
    // It has to drop most pairs to be worth having, and the corpus has to hold joined pairs for the check to mean anything.
    expect(joined).toBeGreaterThan(100);
    expect(skipped).toBeGreaterThan(joined);
  });
});

describe('withinEdits', () => {
  /** Optimal-string-alignment distance, the whole table: the reference. */
  function osa(a: string, b: string): number {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
      }
    }
    return d[a.length]![b.length]!;
  }

  it('agrees with the full table on one and two edits, for words near each other and random ones', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const word = () => Array.from({ length: 1 + rand(9) }, () => 'abcde'[rand(5)]).join('');
    const mutate = (w: string) => {
      const i = rand(w.length + 1);
      switch (rand(4)) {
        case 0: return w.slice(0, i) + 'abcde'[rand(5)] + w.slice(i);
        case 1: return w.slice(0, i) + w.slice(i + 1);
        case 2: return w.slice(0, i) + 'abcde'[rand(5)] + w.slice(i + 1);
        default: return w.slice(0, i) + (w[i + 1] ?? '') + (w[i] ?? '') + w.slice(i + 2);
      }
    };
    let near = 0;
    for (let n = 0; n < 20_000; n++) {
      const a = word();
      const b = n % 2 === 0 ? mutate(rand(2) ? mutate(a) : a) : word();
      for (const max of [1, 2]) {
        const expected = osa(a, b) <= max;
        if (expected) near++;
        expect(withinEdits(a, b, max), `${a} ~ ${b} within ${max}`).toBe(expected);
      }
    }
    expect(near).toBeGreaterThan(5_000);
    expect(withinEdits('miercoles', 'mircoles', 1)).toBe(true);
    expect(withinEdits('thursday', 'thrusday', 1)).toBe(true);
    expect(withinEdits('sabado', 'sadabo', 1)).toBe(false);
  });
});
