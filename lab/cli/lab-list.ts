import type { LabSummary } from '../lab-types.js';

const HEADER = ['name', 'runtime', 'topology', 'running', 'created'];

/** `lab ls`: a header row, then one row per lab in aligned columns (as the flow tables are). */
export function renderLabList(labs: readonly LabSummary[]): string {
  if (labs.length === 0) return 'no labs';
  const rows = labs.map((lab) => [
    lab.name,
    lab.runtime,
    lab.topology,
    `${lab.running}/${lab.nodes.length}`,
    lab.created.toISOString(),
  ]);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(HEADER), ...rows.map(line)].join('\n');
}
