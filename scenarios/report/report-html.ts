import type { Flow, Topology } from '../../lab/index.js';
import { bugShown, demoPassed, flowIsRight } from '../../lab/index.js';
import { esc } from './html-escape.js';
import { topologySvg } from './topology-svg.js';

/** Everything one report shows; pcaps are paths relative to the report directory. */
export type ReportInput = {
  readonly topology: Topology;
  readonly before: readonly Flow[];
  readonly after: readonly Flow[];
  readonly pcaps: readonly string[];
  readonly mermaid?: string;
  readonly generatedAt: string;
  /** `multihome test`'s verdict by the topology's expectations; default: the demo's (bug before, right after). */
  readonly verdict?: { readonly passed: boolean; readonly summary: string };
};

const CSS = `body{font:15px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1200px;color:#111827;padding:0 16px}
h1{margin:0 0 4px}h2{margin-top:32px;border-bottom:2px solid #e5e7eb;padding-bottom:4px}
.verdict{padding:12px 16px;border-radius:8px;font-weight:bold;margin:16px 0}
.pass{background:#dcfce7;color:#14532d}.fail{background:#fee2e2;color:#7f1d1d}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid #d1d5db;padding:6px 8px;text-align:left}
th{background:#f3f4f6}tr.right td{background:#f0fdf4}tr.wrong td{background:#fef2f2}
.path{font-family:ui-monospace,monospace;font-size:13px}.svg{border:1px solid #e5e7eb;border-radius:8px;padding:8px}
code,pre{background:#f3f4f6;border-radius:4px;padding:2px 4px}pre{padding:8px;overflow:auto}`;

/** Renders the whole report as one self-contained HTML document (inline CSS and SVG). */
export function reportHtml(input: ReportInput): string {
  const passed = input.verdict?.passed ?? demoPassed(input.before, input.after);
  const summary =
    input.verdict?.summary ??
    (passed
      ? 'PASS: the bug showed before the fix, and after it every uplink answered through its own gateway.'
      : `FAIL: ${bugShown(input.before) ? 'the bug showed, but some flow is still wrong after the fix' : 'the bug did not show before the fix'}.`);
  const mermaid = input.mermaid
    ? `<details><summary>Mermaid source</summary><pre>${esc(input.mermaid)}</pre></details>`
    : '';
  const pcaps = input.pcaps.length
    ? `<ul>${input.pcaps.map((p) => `<li><a href="${esc(encodeURI(p))}">${esc(p)}</a></li>`).join('')}</ul>`
    : '<p>No packet captures were kept.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>multihome demo: ${esc(input.topology.name)}</title>
<style>${CSS}</style></head><body>
<h1>multihome demo</h1>
<p>Lab <code>${esc(input.topology.name)}</code>, generated ${esc(input.generatedAt)}. Each flow is judged on two
observations: whether the remote client got its answer, and which ISP gateway carried the router's reply.</p>
<div class="verdict ${passed ? 'pass' : 'fail'}">${esc(summary)}</div>
<h2>Topology</h2><div class="svg">${topologySvg(input.topology)}</div>${mermaid}
<h2>Before the fix</h2>${flowTable(input.topology, input.before)}
<h2>After <code>multihome apply</code></h2>${flowTable(input.topology, input.after)}
<h2>Packet captures</h2>${pcaps}
</body></html>
`;
}

function flowTable(topology: Topology, flows: readonly Flow[]): string {
  const rows = flows.map((flow) => {
    const right = flowIsRight(flow);
    return `<tr class="${right ? 'right' : 'wrong'}"><td>${esc(flow.uplink)}</td><td>${esc(flow.protocol)}</td><td>${esc(flow.family)}</td><td>${flow.ok ? 'answered' : 'no answer'}</td><td>${esc(flow.replyVia ?? '—')}</td><td class="path">${esc(path(topology, flow))}</td><td>${right ? '✔' : '✘'}</td></tr>`;
  });
  return `<table><thead><tr><th>uplink</th><th>protocol</th><th>family</th><th>client</th><th>reply via</th><th>path</th><th>verdict</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** `client → isp2 gw 192.0.2.1 → router 192.0.2.10 (eth0:0) → reply via isp1 gw 198.51.100.1 ✘ dropped`. */
export function path(topology: Topology, flow: Flow): string {
  const isp = topology.isps.find((i) => i.name === flow.uplink);
  const client = topology.clients[0]?.name ?? 'client';
  const family = flow.family === 'ipv6' ? 6 : 4;
  const pick = (items: readonly string[] | undefined) =>
    items?.find((a) => a.includes(':') === (family === 6)) ?? '?';
  const gw = (name: string) => pick(topology.isps.find((i) => i.name === name)?.gateways);
  const via =
    flow.replyVia === null
      ? 'no reply seen at any gateway'
      : `reply via ${flow.replyVia} gw ${gw(flow.replyVia)}`;
  const label = family === 4 ? isp?.routerLabel : undefined;
  const arrive = `router ${pick(isp?.routerAddresses)} (${label ?? isp?.routerInterface ?? '?'})`;
  const lan = flow.protocol === 'forward' && flow.to ? ` → ${flow.to}:${flow.port ?? '?'}` : '';
  const end = flowIsRight(flow)
    ? ''
    : flow.replyVia && flow.replyVia !== flow.uplink
      ? ' (dropped: wrong gateway)'
      : '';
  return `${client} → ${flow.uplink} gw ${pick(isp?.gateways)} → ${arrive}${lan} → ${via}${end}`;
}
