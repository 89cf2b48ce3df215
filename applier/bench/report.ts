import { median } from './measure.js';

/** Everything one bench run measured, in milliseconds per repetition. */
export type BenchResults = {
  readonly reps: number;
  readonly apply: Readonly<Record<number, readonly number[]>>;
  readonly article: Readonly<Record<number, readonly number[]>>;
  readonly noopPlan: readonly number[];
  readonly noopChanges: readonly number[];
  /** `multihome apply --help`: Node start and the CLI's loading, the floor under every applier command. */
  readonly startup: readonly number[];
};

/** The uplink count the targets are stated for. */
export const TARGET_UPLINKS = 200;

/** The most `multihome apply` may take at TARGET_UPLINKS, as a share of the article's way (issue 10). */
export const TARGET_RATIO = 0.35;

/** Renders the results as a markdown table with the ratios against the targets. */
export function renderReport(results: BenchResults): string {
  const ms = (values: readonly number[]) => `${Math.round(median(values))} ms`;
  const runs = (values: readonly number[]) => values.map((v) => Math.round(v)).join(', ');
  const rows: string[][] = [];
  for (const n of Object.keys(results.apply).map(Number)) {
    const apply = results.apply[n] ?? [];
    const article = results.article[n] ?? [];
    const ratio = median(apply) / median(article);
    const target = n === TARGET_UPLINKS ? `≤ ${TARGET_RATIO}× the article’s way` : '—';
    const verdict = n === TARGET_UPLINKS ? pass(ratio <= TARGET_RATIO) : '';
    rows.push([
      `\`multihome apply\` (whole process)`,
      String(n),
      ms(apply),
      runs(apply),
      target,
      `${ratio.toFixed(2)}× ${verdict}`,
    ]);
    rows.push([
      `article’s way (one \`ip\` per command, ${3 * n + 1} processes)`,
      String(n),
      ms(article),
      runs(article),
      '—',
      '1.00×',
    ]);
  }
  const plan = median(results.noopPlan);
  const noop = results.noopChanges.every((count) => count === 0);
  rows.push([
    `no-op \`multihome plan --json\`${noop ? '' : ' (NOT a no-op: it planned changes)'}`,
    String(TARGET_UPLINKS),
    ms(results.noopPlan),
    runs(results.noopPlan),
    '< 1000 ms',
    pass(plan < 1000 && noop),
  ]);
  rows.push([
    '`multihome apply --help` (Node start + CLI load, no work)',
    '—',
    ms(results.startup),
    runs(results.startup),
    '—',
    '',
  ]);
  const header = [
    'What',
    'Uplinks',
    'Median',
    `Runs (ms, ${results.reps} reps)`,
    'Target',
    'Ratio / verdict',
  ];
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function pass(ok: boolean): string {
  return ok ? '✅ meets target' : '❌ misses target';
}
