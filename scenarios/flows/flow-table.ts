import type { Flow, FlowRun } from './flow.js';
import { flowIsRight } from './flow-verdict.js';

/** How to print: ANSI colour only when asked (a TTY without NO_COLOR). */
export type TableStyle = { readonly color: boolean };

/** True when stdout is a terminal and NO_COLOR is unset or empty. */
export function wantsColor(stream: { isTTY?: boolean } = process.stdout): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR;
}

/** One row per flow: uplink, protocol, result and the gateway the reply took; `detail` adds evidence. */
export function renderFlowTable(
  title: string,
  flows: readonly (Flow | FlowRun)[],
  style: TableStyle & { readonly detail?: boolean } = { color: false },
): string {
  const header = ['uplink', 'protocol', 'result', 'reply via', 'verdict'];
  if (style.detail) header.push('gateways', 'client saw');
  const rows = flows.map((f) => {
    const row = [f.uplink, f.protocol, f.ok ? 'answered' : 'no answer', f.replyVia ?? '-', verdict(f)];
    if (style.detail && 'detail' in f) row.push(f.gateways, f.detail);
    return row;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  const body = rows.map((cells, index) => {
    const text = line(cells).trimEnd();
    const flow = flows[index];
    if (!style.color || flow === undefined) return text;
    return `${flowIsRight(flow) ? '\u001b[32m' : '\u001b[31m'}${text}\u001b[0m`;
  });
  const bold = (s: string) => (style.color ? `\u001b[1m${s}\u001b[0m` : s);
  return [bold(title), line(header).trimEnd(), ...body].join('\n');
}

function verdict(flow: Flow): string {
  if (flowIsRight(flow)) return 'ok';
  if (flow.replyVia === null) return flow.ok ? 'ok, gateway unseen' : 'no reply seen';
  if (flow.replyVia !== flow.uplink) return `WRONG GATEWAY (${flow.replyVia})`;
  return 'failed';
}
