/** The one table the bench prints, as Markdown (readable in a terminal, pasteable into docs). */
export interface Row {
  section: string;
  measure: string;
  value: string;
  reference?: string;
  ratio?: string;
  target?: string;
  verdict?: 'pass' | 'FAIL' | '';
}

export const num = (n: number | null | undefined, digits = 0) => (n === null || n === undefined || Number.isNaN(n) ? 'n/a' : n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
export const ms = (n: number | null | undefined) => (n === null || n === undefined || Number.isNaN(n) ? 'n/a' : `${n < 10 ? n.toFixed(1) : n.toFixed(0)} ms`);
export const perSec = (n: number | null | undefined) => `${num(n)}/s`;
/** `ours / reference` as "0.42×". */
export const ratio = (ours: number | null | undefined, reference: number | null | undefined) =>
  !ours || !reference || Number.isNaN(ours) || Number.isNaN(reference) ? '' : `${(ours / reference).toFixed(2)}×`;
export const verdict = (ok: boolean | null): Row['verdict'] => (ok === null ? '' : ok ? 'pass' : 'FAIL');

export function renderTable(rows: Row[]): string {
  const head = ['Section', 'Measure', 'Sitroom', 'Ceiling / bare', 'Ratio', 'Target', ''];
  const body = rows.map((r) => [r.section, r.measure, r.value, r.reference ?? '', r.ratio ?? '', r.target ?? '', r.verdict ?? '']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
