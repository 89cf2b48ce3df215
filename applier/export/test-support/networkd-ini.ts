import type { Family } from '../../model/config.js';
import { MAIN_TABLE } from '../../model/constants.js';
import type { Route, Rule } from '../../model/types.js';

/** One `[Section]` of a systemd-style INI file, its keys in order (a key may repeat). */
export type IniSection = { readonly name: string; readonly entries: readonly (readonly [string, string])[] };

/** Parses systemd INI text (comments, sections, `Key=value`); enough to read networkd's files back. */
export function parseIni(text: string): IniSection[] {
  const sections: { name: string; entries: [string, string][] }[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1]) sections.push({ name: header[1], entries: [] });
    else {
      const at = line.indexOf('=');
      sections.at(-1)?.entries.push([line.slice(0, at), line.slice(at + 1)]);
    }
  }
  return sections;
}

/** The routes and rules of a `.network` file (with its drop-ins concatenated), for interface `dev`. */
export function networkdObjects(text: string, dev: string): { routes: Route[]; rules: Rule[] } {
  const routes: Route[] = [];
  const rules: Rule[] = [];
  for (const section of parseIni(text)) {
    const get = (key: string) => section.entries.findLast(([name]) => name === key)?.[1];
    if (section.name === 'Route') {
      const gateway = get('Gateway');
      const destination = get('Destination') ?? 'default';
      const family: Family = `${destination}${gateway ?? ''}`.includes(':') ? 6 : 4;
      const src = get('PreferredSource');
      const metric = get('Metric');
      routes.push({
        family,
        table: Number(get('Table') ?? MAIN_TABLE),
        dst: destination === '0.0.0.0/0' || destination === '::/0' ? 'default' : destination,
        dev,
        protocol: 0,
        ...(gateway === undefined ? {} : { gateway }),
        ...(src === undefined ? {} : { src }),
        ...(get('GatewayOnLink') === 'yes' || get('GatewayOnLink') === 'true' ? { onlink: true } : {}),
        ...(metric === undefined ? {} : { metric: Number(metric) }),
      });
    }
    if (section.name === 'RoutingPolicyRule') {
      const from = get('From');
      const to = get('To');
      const mark = get('FirewallMark');
      const family: Family = get('Family') === 'ipv6' || `${from ?? ''}${to ?? ''}`.includes(':') ? 6 : 4;
      const [value, mask] = (mark ?? '').split('/');
      rules.push({
        family,
        priority: Number(get('Priority')),
        table: Number(get('Table') ?? MAIN_TABLE),
        protocol: 0,
        ...(from === undefined ? {} : { from }),
        ...(mark === undefined ? {} : { fwmark: Number(value), fwmask: Number(mask ?? 0xffffffff) }),
      });
    }
  }
  return { routes, rules };
}
