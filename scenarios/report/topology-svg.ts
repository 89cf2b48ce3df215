import { lanHostsOf, type Topology } from '../../lab/index.js';
import { esc } from './html-escape.js';

const ROW = 120;
const TOP = 60;
const BOX = { w: 190, h: 70 };
const COLUMNS = { client: 20, isp: 300, router: 600, lan: 880 } as const;

/** Draws the lab as an inline SVG: clients → ISP gateways → router interfaces → LAN, no external assets. */
export function topologySvg(topology: Topology): string {
  const hosts = lanHostsOf(topology);
  const rows = Math.max(topology.isps.length, topology.clients.length, hosts.length, 1);
  const height = TOP + rows * ROW + 20;
  const centre = TOP + (rows * ROW) / 2 - BOX.h / 2;
  const rowY = (i: number, n: number) => TOP + ((rows - n) * ROW) / 2 + i * ROW;
  const parts: string[] = [];
  const routerY = centre;
  const width = hosts.length > 0 ? COLUMNS.lan + BOX.w + 20 : COLUMNS.router + BOX.w + 20;

  topology.isps.forEach((isp, i) => {
    const y = rowY(i, topology.isps.length);
    topology.clients.forEach((_, c) => {
      const cy = rowY(c, topology.clients.length);
      parts.push(link(COLUMNS.client + BOX.w, cy + BOX.h / 2, COLUMNS.isp, y + BOX.h / 2, '#9aa5b1'));
    });
    const iface = isp.routerLabel ?? isp.routerInterface;
    parts.push(link(COLUMNS.isp + BOX.w, y + BOX.h / 2, COLUMNS.router, routerY + BOX.h / 2, '#3b82f6'));
    const labelY = y + BOX.h / 2 + (y < routerY ? -8 : y > routerY ? 18 : -8);
    parts.push(
      `<text class="edge" x="${COLUMNS.isp + BOX.w + 8}" y="${labelY}">${esc(`${iface} ${isp.routerAddresses.join(' ')}`)}</text>`,
    );
    parts.push(
      node(
        COLUMNS.isp,
        y,
        `isp:${isp.name}`,
        [`gw ${isp.gateways.join(' ')}`, isp.prefixes.join(' ')],
        'isp',
      ),
    );
  });
  topology.clients.forEach((client, c) => {
    const y = rowY(c, topology.clients.length);
    parts.push(node(COLUMNS.client, y, `client:${client.name}`, client.addresses, 'client'));
  });
  const isp = topology.isps.find((i) => i.name === topology.defaultIsp);
  parts.push(
    node(
      COLUMNS.router,
      routerY,
      'router',
      [`main default via ${topology.defaultIsp}`, isp?.gateways[0] ?? ''],
      'router',
    ),
  );
  // Each LAN host, its link labelled with the router interface of its LAN.
  hosts.forEach(({ lan, host }, h) => {
    const y = rowY(h, hosts.length);
    parts.push(link(COLUMNS.router + BOX.w, routerY + BOX.h / 2, COLUMNS.lan, y + BOX.h / 2, '#10b981'));
    parts.push(text(COLUMNS.lan - 40, y + BOX.h / 2 - 8, lan.routerInterface, 'edge'));
    const forwards = host.forwards.map((f) => `${f.protocol} ${f.port}→${f.to}`).join(', ');
    parts.push(node(COLUMNS.lan, y, `lan:${host.name}`, [host.addresses.join(' '), forwards], 'lan'));
  });
  parts.push(text(COLUMNS.client + BOX.w / 2, 30, 'remote clients', 'heading'));
  parts.push(text(COLUMNS.isp + BOX.w / 2, 30, 'ISP gateways (BCP38)', 'heading'));
  parts.push(text(COLUMNS.router + BOX.w / 2, 30, 'multi-homed router', 'heading'));
  if (hosts.length > 0) parts.push(text(COLUMNS.lan + BOX.w / 2, 30, 'LAN', 'heading'));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="lab topology ${esc(topology.name)}">`,
    '<style>.n rect{stroke:#1f2937;stroke-width:1.5}.n text{font:12px sans-serif;fill:#111827}.n .t{font-weight:bold;font-size:13px}.edge{font:11px monospace;fill:#374151;paint-order:stroke;stroke:#fff;stroke-width:4px}.heading{font:bold 13px sans-serif;fill:#4b5563}</style>',
    ...parts,
    '</svg>',
  ].join('\n');
}

const FILL = { client: '#fde68a', isp: '#bfdbfe', router: '#fecaca', lan: '#bbf7d0' } as const;

function node(
  x: number,
  y: number,
  title: string,
  lines: readonly string[],
  kind: keyof typeof FILL,
): string {
  const rows = lines
    .filter((l) => l !== '')
    .map((l, i) => `<text x="${x + 10}" y="${y + 40 + i * 15}">${esc(l)}</text>`);
  return `<g class="n" data-node="${esc(title)}"><rect x="${x}" y="${y}" width="${BOX.w}" height="${BOX.h}" rx="8" fill="${FILL[kind]}"/><text class="t" x="${x + 10}" y="${y + 20}">${esc(title)}</text>${rows.join('')}</g>`;
}

function link(x1: number, y1: number, x2: number, y2: number, colour: string): string {
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${colour}" stroke-width="2"/>`;
}

function text(x: number, y: number, content: string, cls: string): string {
  return `<text class="${cls}" x="${x}" y="${y}" text-anchor="middle">${esc(content)}</text>`;
}
