/**
 * Prints where a `.cpuprofile` (from `node --cpu-prof`) spent its time: the top functions by self
 * time, self time summed per package, and (with --inclusive) the top functions by total time,
 * callees included.
 *
 *   node --import tsx scripts/bench/profile-top.ts <file.cpuprofile> [--top 20] [--inclusive]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** "fastify", "@sitroom/api", "(node)" or "(native)" for a script URL. */
function packageOf(url: string): string {
  const m = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  const app = /\/(apps|packages)\/([^/]+)\//.exec(url);
  if (app) return `@sitroom/${app[2]}`;
  if (url.startsWith('node:')) return '(node)';
  return url ? url.replace(/^file:\/\//, '') : '(native/gc/idle)';
}

export function topFunctions(profile: Profile, top = 20) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fns = new Map<string, number>();
  const pkgs = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const key = `${functionName || '(anonymous)'}  ${url ? `${packageOf(url)}:${url.split('/').pop()}:${lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    const pkg = ['(idle)', '(garbage collector)', '(program)'].includes(functionName) ? functionName : packageOf(url);
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
  }
  // Total (inclusive) time: each sample counts once for every distinct function on its stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
      if (!url) continue;
      const key = `${functionName || '(anonymous)'}  ${packageOf(url)}:${url.split('/').pop()}:${lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const rank = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => ({ name: k, ms: us / 1000, pct: (100 * us) / total }));
  return { totalMs: total / 1000, functions: rank(fns, top), packages: rank(pkgs, 15), inclusive: rank(inclusive, top) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: profile-top.ts <file.cpuprofile> [--top N]');
    process.exit(2);
  }
  const topIdx = process.argv.indexOf('--top');
  const r = topFunctions(JSON.parse(readFileSync(file, 'utf8')), topIdx > 0 ? Number(process.argv[topIdx + 1]) : 20);
  console.log(`${file}: ${(r.totalMs / 1000).toFixed(1)} s sampled`);
  console.log('\nself time by package');
  for (const p of r.packages) console.log(`  ${p.pct.toFixed(1).padStart(5)}%  ${p.ms.toFixed(0).padStart(7)} ms  ${p.name}`);
  console.log('\ntop functions by self time');
  for (const f of r.functions) console.log(`  ${f.pct.toFixed(1).padStart(5)}%  ${f.ms.toFixed(0).padStart(7)} ms  ${f.name}`);
  if (process.argv.includes('--inclusive')) {
    console.log('\ntop functions by total time (callees included)');
    for (const f of r.inclusive) console.log(`  ${f.pct.toFixed(1).padStart(5)}%  ${f.ms.toFixed(0).padStart(7)} ms  ${f.name}`);
  }
}
