import type { Expected, Flow, FlowRun, JudgedFlow } from './flow.js';
import { describeGateways, protocolLabel } from './flow.js';
import { flowIsRight } from './flow-verdict.js';

/** How to print: ANSI colour only when asked (a TTY without NO_COLOR). */
export type TableStyle = { readonly color: boolean };

/** True when stdout is a terminal and NO_COLOR is unset or empty. */
export function wantsColor(stream: { isTTY?: boolean } = process.stdout): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR;
}

/** A flow as the table shows it: planned, run, judged, or run and judged. */
export type FlowTableRow = Flow | FlowRun | JudgedFlow | (FlowRun & JudgedFlow);

/**
 * One row per flow: uplink, protocol, family, result and the gateway the reply took; judged flows add
 * what was expected and the verdict, `detail` adds both observations (gateway counts, client output).
 */
export function renderFlowTable(
  title: string,
  flows: readonly FlowTableRow[],
  style: TableStyle & { readonly detail?: boolean } = { color: false },
): string {
  const header = ['uplink', 'protocol', 'family', 'result', 'reply via', 'verdict'];
  if (style.detail) header.push('gateways', 'client saw');
  const rows = flows.map((f) => {
    const name = f.from === undefined ? f.uplink : `${f.from}→${f.to ?? '?'}`;
    const row = [
      name,
      protocolLabel(f),
      f.family,
      f.ok ? 'answered' : 'no answer',
      f.replyVia ?? '-',
      verdict(f),
    ];
    if (style.detail && 'evidence' in f) row.push(describeGateways(f.evidence.gateways), f.evidence.client);
    return row;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  const body = rows.map((cells, index) => {
    const text = line(cells).trimEnd();
    const flow = flows[index];
    if (!style.color || flow === undefined) return text;
    return `${isGood(flow) ? '\u001b[32m' : '\u001b[31m'}${text}\u001b[0m`;
  });
  const bold = (s: string) => (style.color ? `\u001b[1m${s}\u001b[0m` : s);
  return [bold(title), line(header).trimEnd(), ...body].join('\n');
}

/** `answered via isp2`, `no answer`, `no answer, via isp1`: an expectation in words. */
export function describeExpected(expected: Expected): string {
  const answer = expected.ok ? 'answered' : 'no answer';
  if (expected.replyVia === undefined) return answer;
  return `${answer}, via ${expected.replyVia ?? 'no gateway'}`;
}

function isGood(flow: FlowTableRow): boolean {
  return 'pass' in flow ? flow.pass : flowIsRight(flow);
}

function verdict(flow: FlowTableRow): string {
  if ('pass' in flow) return flow.pass ? 'pass' : `FAIL (expected ${describeExpected(flow.expected)})`;
  if (flowIsRight(flow)) return 'ok';
  if (flow.replyVia === null) return flow.ok ? 'ok, gateway unseen' : 'no reply seen';
  if (flow.replyVia !== flow.uplink) return `WRONG GATEWAY (${flow.replyVia})`;
  return 'failed';
}
