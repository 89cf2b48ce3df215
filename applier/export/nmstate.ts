import { stringify } from 'yaml';
import { MAIN_TABLE } from '../model/constants.js';
import type { Route, Rule } from '../model/types.js';
import { type ExportFile, fileHeader } from './export-file.js';
import { type ExportModel, exportInterfaces, interfaceObjects } from './export-model.js';
import { KERNEL_METRIC } from './nm.js';

const DESTINATION = 'nmstatectl apply multihome.nmstate.yml (nmstate >= 2.2, for routes with `source`)';

// nmstate is declarative, so the file warns before anyone applies it.
const REPLACES_ADDRESSES = [
  "# nmstate is declarative: each interface's address list below replaces all of its addresses, so one",
  '# the config does not list (a management address) is removed; add it to the list before applying.',
  '',
].join('\n');

/**
 * An nmstate state: the uplink interfaces' addresses (by name, of whatever type the host's interface
 * is), `routes` and `route-rules`. nmstate has no
 * address labels (they only name an address for humans, so they are left out) and no on-link
 * routes (the expressibility check refuses those).
 */
export function nmstateFile(model: ExportModel): ExportFile {
  const interfaces = exportInterfaces(model).map((name) => {
    const { addresses } = interfaceObjects(model, name);
    const family = (version: 4 | 6) => {
      const own = addresses.filter((address) => address.family === version);
      return own.length === 0
        ? {}
        : {
            [`ipv${version}`]: {
              enabled: true,
              address: own.map((address) => ({ ip: address.address, 'prefix-length': address.prefixLength })),
            },
          };
    };
    // No `type`: nmstate resolves an interface given without one to the type the host's interface
    // has, so a VLAN, bond or bridge stays what it is; `type: ethernet` declared every one ethernet.
    return { name, state: 'up', ...family(4), ...family(6) };
  });
  const state = {
    interfaces,
    routes: { config: model.routes.map(nmstateRoute) },
    'route-rules': { config: model.rules.map(nmstateRule) },
  };
  return {
    name: 'multihome.nmstate.yml',
    destination: DESTINATION,
    text: `${fileHeader('#', DESTINATION, model.config.file)}${REPLACES_ADDRESSES}${stringify(state, { lineWidth: 0 })}`,
  };
}

/** An nmstate route entry (fields of nmstate's RouteEntry, kebab-case). */
export function nmstateRoute(route: Route): Record<string, string | number> {
  return {
    destination: route.dst === 'default' ? (route.family === 4 ? '0.0.0.0/0' : '::/0') : route.dst,
    'next-hop-interface': route.dev,
    ...(route.gateway === undefined ? {} : { 'next-hop-address': route.gateway }),
    ...(route.src === undefined ? {} : { source: route.src }),
    'table-id': route.table === MAIN_TABLE ? MAIN_TABLE : route.table,
    metric: route.metric ?? KERNEL_METRIC[route.family],
  };
}

/** An nmstate route rule entry (fields of nmstate's RouteRuleEntry). */
export function nmstateRule(rule: Rule): Record<string, string | number> {
  return {
    family: rule.family === 4 ? 'ipv4' : 'ipv6',
    ...(rule.from === undefined ? {} : { 'ip-from': hostPrefix(rule.from, rule.family) }),
    ...(rule.fwmark === undefined ? {} : { fwmark: rule.fwmark, fwmask: rule.fwmask ?? 0xffffffff }),
    priority: rule.priority,
    'route-table': rule.table,
  };
}

function hostPrefix(from: string, family: 4 | 6): string {
  return from.includes('/') ? from : `${from}/${family === 4 ? 32 : 128}`;
}
