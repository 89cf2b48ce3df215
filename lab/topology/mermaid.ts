import { familyOf, withPrefixOf } from '../../applier/model/address.js';
import { lanHostsOf, lansOf } from './lans.js';
import { routerInterfaces } from './router-plan.js';
import { internetAddressesOf, internetPrefixes, lanSegment } from './segments.js';
import type { Topology } from './types.js';

/** Mermaid `graph LR` of a lab: clients — internet — ISP gateways — segments — router — LAN hosts. */
export function mermaid(topology: Topology): string {
  const lines = ['graph LR'];
  const node = (id: string, text: readonly string[], open = '[', close = ']') =>
    lines.push(`  ${id}${open}"${text.map(quoted).join('<br/>')}"${close}`);
  const edge = (from: string, to: string, label?: string) =>
    lines.push(`  ${from} ---${label ? `|"${quoted(label)}"|` : ''} ${to}`);

  node('internet', ['internet', ...internetPrefixes(topology)], '((', '))');
  for (const client of topology.clients) {
    node(id('client', client.name), [`client ${client.name}`, ...client.addresses]);
    edge(id('client', client.name), 'internet');
  }
  for (const isp of topology.isps) {
    const gateway = id('isp', isp.name);
    const bcp38 = isp.bcp38 ? 'BCP38' : 'no BCP38';
    node(gateway, [`${isp.name} gateway`, ...internetAddressesOf(topology, isp), ...isp.gateways, bcp38]);
    edge('internet', gateway);
    edge(gateway, id('segment', isp.segment));
  }
  for (const { segment, name } of routerInterfaces(topology)) {
    node(id('segment', segment), [segment], '{{', '}}');
    const isps = topology.isps.filter((isp) => isp.segment === segment);
    const addresses = isps.flatMap((isp) =>
      isp.routerAddresses.map((a) => {
        const alias = familyOf(a) === 4 && isp.routerLabel ? `${isp.routerLabel} ` : '';
        return `${alias}${withPrefixOf(a, isp.prefixes.find((p) => familyOf(p) === familyOf(a)) ?? a)}`;
      }),
    );
    const lan = lansOf(topology).find((l) => l.routerInterface === name);
    const shown = isps.length > 0 ? addresses : (lan?.routerAddresses ?? []);
    const text = `${name}: ${shown.join(', ')}`;
    if (isps.length > 0) edge(id('segment', segment), 'router', text);
    else edge('router', id('segment', segment), text);
  }
  const defaultIsp = topology.isps.find((isp) => isp.name === topology.defaultIsp);
  node('router', [
    'router',
    `default via ${defaultIsp?.gateways.join(', ') ?? '?'} (${topology.defaultIsp})`,
  ]);
  for (const { host, lanIndex } of lanHostsOf(topology)) {
    const forwards = host.forwards.map((f) => `${f.protocol} ${f.port}→${f.to}`);
    node(id('lan', host.name), [host.name, ...host.addresses, ...forwards]);
    edge(id('segment', lanSegment(lanIndex)), id('lan', host.name));
  }
  return `${lines.join('\n')}\n`;
}

function id(kind: string, name: string): string {
  return `${kind}_${name.replace(/[^a-zA-Z0-9]/g, '_')}`;
}

function quoted(text: string): string {
  return text.replace(/"/g, '#quot;');
}
