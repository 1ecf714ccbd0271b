/**
 * Evaluates deduplication on the labelled corpus (packages/core/corpus/dedup-corpus.json) through
 * the real pipeline: a fresh, migrated Postgres database, the corpus' organisations and reports
 * stored as intake stores them, and the worker's `triageReport` called for each report in stream
 * order. Prints pairwise precision, recall and F1 of the clustering and the worst false merges and
 * splits.
 *
 *   pnpm dedup:eval                 (TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)
 *   pnpm dedup:eval -- --json       (the figures as JSON)
 *   pnpm dedup:eval -- --corpus f   (another corpus, e.g. one generated with another seed to check held-out figures)
 *   pnpm dedup:eval -- --background 50000
 *                                   (first stores that many unrelated incidents made of the corpus' words, analyses
 *                                    the table and triages with the worker's word statistics: candidates are then
 *                                    looked up by each claim's rarest words, as on a busy election night)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalizeClaim, ReportInput } from '../packages/core/src/index.ts';
import { mulberry32, type CorpusReport, type DedupCorpus } from '../packages/core/corpus/generate.ts';
import { ClaimKeyStats, createOrganisation, incidentClaimColumns, insertReport, type Db } from '../packages/db/src/index.ts';
import { sql } from 'kysely';
import { createScratchDatabase } from '../packages/db/src/scratch-database.ts';
import { triageReport } from '../apps/worker/src/triage.service.ts';

export const CORPUS_PATH = fileURLToPath(new URL('../packages/core/corpus/dedup-corpus.json', import.meta.url));

export function loadCorpus(path = CORPUS_PATH): DedupCorpus {
  return JSON.parse(readFileSync(path, 'utf8')) as DedupCorpus;
}

export interface ClusterError {
  /** Pairs wrongly joined (a merge) or wrongly kept apart (a split). */
  pairs: number;
  /** For a merge: the true incidents that ended in one incident; for a split: the incidents one true incident became. */
  groups: { label: string; reports: { seq: number; claim: string; urls: string[] }[] }[];
}

export interface DedupEvaluation {
  reports: number;
  trueIncidents: number;
  predictedIncidents: number;
  truePositivePairs: number;
  falsePositivePairs: number;
  falseNegativePairs: number;
  precision: number;
  recall: number;
  f1: number;
  /** Reports per second through `triageReport`, for a rough idea only (a small database). */
  reportsPerSecond: number;
  worstMerges: ClusterError[];
  worstSplits: ClusterError[];
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/** Pairwise precision and recall of a clustering (`predicted`) against the truth (`truth`), one entry per report. */
export function scoreClustering(reports: CorpusReport[], predicted: string[], worst = 5): Omit<DedupEvaluation, 'reportsPerSecond'> {
  const byPredicted = new Map<string, number[]>();
  const byTruth = new Map<string, number[]>();
  const cell = new Map<string, number>();
  reports.forEach((r, i) => {
    const p = predicted[i]!;
    byPredicted.set(p, [...(byPredicted.get(p) ?? []), i]);
    byTruth.set(r.incident, [...(byTruth.get(r.incident) ?? []), i]);
    const key = `${p}\u0000${r.incident}`;
    cell.set(key, (cell.get(key) ?? 0) + 1);
  });
  const tp = [...cell.values()].reduce((s, n) => s + pairs(n), 0);
  const predictedPairs = [...byPredicted.values()].reduce((s, xs) => s + pairs(xs.length), 0);
  const truePairs = [...byTruth.values()].reduce((s, xs) => s + pairs(xs.length), 0);
  const precision = predictedPairs === 0 ? 1 : tp / predictedPairs;
  const recall = truePairs === 0 ? 1 : tp / truePairs;
  const show = (i: number) => ({ seq: reports[i]!.seq, claim: reports[i]!.claim, urls: reports[i]!.urls });
  const groupBy = (idx: number[], key: (i: number) => string) => {
    const m = new Map<string, number[]>();
    for (const i of idx) m.set(key(i), [...(m.get(key(i)) ?? []), i]);
    return [...m.entries()].map(([label, xs]) => ({ label, reports: xs.map(show) }));
  };
  const worstOf = (clusters: Map<string, number[]>, key: (i: number) => string): ClusterError[] =>
    [...clusters.values()]
      .map((idx) => {
        const groups = groupBy(idx, key);
        return { pairs: pairs(idx.length) - groups.reduce((s, g) => s + pairs(g.reports.length), 0), groups };
      })
      .filter((e) => e.pairs > 0)
      .sort((a, b) => b.pairs - a.pairs)
      .slice(0, worst);
  return {
    reports: reports.length,
    trueIncidents: byTruth.size,
    predictedIncidents: byPredicted.size,
    truePositivePairs: tp,
    falsePositivePairs: predictedPairs - tp,
    falseNegativePairs: truePairs - tp,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    worstMerges: worstOf(byPredicted, (i) => reports[i]!.incident),
    worstSplits: worstOf(byTruth, (i) => `incident ${predicted[i]!.slice(0, 8)}`),
  };
}

/**
 * Stores `count` incidents that are no corpus rumour but are made of its words: each draws eight
 * words from the corpus claims of one language (as often as they occur there, so the corpus' common
 * words become common) and a made-up name. Then analyses the table: triage's word statistics see an
 * election night's worth of incidents, and look candidates up by each claim's rarest words.
 */
export async function storeBackground(db: Db, corpus: DedupCorpus, count: number): Promise<void> {
  // Seeded, so that a background is the same every run.
  const next = mulberry32(20261206);
  const byLanguage = new Map<string, string[]>();
  for (const r of corpus.reports) {
    const words = normalizeClaim(r.claim).split(' ').filter((w) => w.length > 1 && !/\d/.test(w) && !w.startsWith('http'));
    byLanguage.set(r.language, [...(byLanguage.get(r.language) ?? []), ...words]);
  }
  const languages = [...byLanguage.keys()];
  const syllables = 'ba be bi bo bu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru ta te ti to tu za zi zo'.split(' ');
  const at = new Date();
  for (let start = 0; start < count; start += 2_000) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + 2_000); i++) {
      const language = languages[i % languages.length]!;
      const words = byLanguage.get(language)!;
      const pick = () => words[Math.floor(next() * words.length)]!;
      const name = Array.from({ length: 3 }, () => syllables[Math.floor(next() * syllables.length)]!).join('');
      const claim = `${Array.from({ length: 8 }, pick).join(' ')}, ${name[0]!.toUpperCase()}${name.slice(1)}`;
      rows.push({
        ...incidentClaimColumns(claim), language,
        category: 'voting_process' as const, platform: 'facebook' as const, region: null, status: 'triaged' as const, severity: 10,
        priority: 'P4' as const, scoreBreakdown: '[]', urlNorms: [], reportCount: 1, organisationCount: 1,
        firstReportedAt: at, lastReportedAt: at, triagedAt: at,
      });
    }
    await db.insertInto('incidents').values(rows).execute();
  }
  await sql`analyze incidents`.execute(db);
}

/**
 * Files every corpus report into `db` (a migrated database with no reports) and triages it with the
 * worker's own `triageReport`, in stream order; then scores the incidents it made against the labels.
 * With `background`, unrelated incidents are stored first (`storeBackground`) and triage looks
 * candidates up with the word statistics, as the worker does.
 */
export async function evaluateDedup(db: Db, corpus: DedupCorpus, options: { dedupWindowDays?: number; background?: number } = {}): Promise<DedupEvaluation> {
  let keyRows: ClaimKeyStats | undefined;
  if (options.background) {
    await storeBackground(db, corpus, options.background);
    keyRows = new ClaimKeyStats();
    await keyRows.load(db);
  }
  const orgIds = new Map<string, string>();
  for (const name of corpus.organisations) orgIds.set(name, (await createOrganisation(db, { name, kind: 'fact_checker' })).id);
  const reports = [...corpus.reports].sort((a, b) => a.seq - b.seq);
  const predicted: string[] = [];
  const started = performance.now();
  for (const r of reports) {
    const input = ReportInput.parse({
      claim: r.claim, urls: r.urls, platform: r.platform, language: r.language, category: r.category,
      ...(r.region ? { region: r.region } : {}), externalId: `corpus-${r.seq}`,
    });
    const stored = await insertReport(db, { organisationId: orgIds.get(r.organisation)!, apiKeyId: null, userId: null }, input);
    const outcome = await triageReport(db, stored.id, { dedupWindowDays: options.dedupWindowDays ?? 7, ...(keyRows ? { keyRows } : {}) });
    predicted.push(outcome.incidentId);
  }
  const seconds = (performance.now() - started) / 1000;
  return { ...scoreClustering(reports, predicted), reportsPerSecond: reports.length / seconds };
}

function printEvaluation(e: DedupEvaluation) {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  console.log(`reports ${e.reports}, true incidents ${e.trueIncidents}, incidents made ${e.predictedIncidents}`);
  console.log(`pairs: true positive ${e.truePositivePairs}, false positive ${e.falsePositivePairs}, false negative ${e.falseNegativePairs}`);
  console.log(`precision ${pct(e.precision)}  recall ${pct(e.recall)}  F1 ${pct(e.f1)}  (${e.reportsPerSecond.toFixed(0)} reports/s)`);
  const printErrors = (title: string, errors: ClusterError[]) => {
    console.log(`\n${title}`);
    if (errors.length === 0) console.log('  (none)');
    for (const err of errors) {
      console.log(`  ${err.pairs} pairs:`);
      for (const g of err.groups) {
        console.log(`    ${g.label}`);
        for (const r of g.reports.slice(0, 4)) console.log(`      #${r.seq} ${r.claim}${r.urls.length ? `  ${r.urls.join(' ')}` : ''}`);
        if (g.reports.length > 4) console.log(`      … and ${g.reports.length - 4} more`);
      }
    }
  };
  printErrors('Worst false merges (different true incidents joined into one):', e.worstMerges);
  printErrors('Worst false splits (one true incident made into several):', e.worstSplits);
}

async function main() {
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const at = process.argv.indexOf('--corpus');
  const corpus = loadCorpus(at > 0 && process.argv[at + 1] ? process.argv[at + 1] : undefined);
  const scratch = await createScratchDatabase(adminUrl, 'sitroom_eval');
  try {
    const bg = process.argv.indexOf('--background');
    const background = bg > 0 ? Number(process.argv[bg + 1]) : 0;
    if (!Number.isInteger(background) || background < 0) throw new Error('--background takes a whole number of incidents');
    const evaluation = await evaluateDedup(scratch.db, corpus, { background });
    if (background > 0) console.log(`(with ${background.toLocaleString('en')} background incidents stored first)`);
    if (process.argv.includes('--json')) console.log(JSON.stringify(evaluation, null, 2));
    else printEvaluation(evaluation);
  } finally {
    await scratch.drop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
