import { stringify } from 'yaml';
import { MAIN_TABLE } from '../model/constants.js';
import type { Address, Route, Rule } from '../model/types.js';
import { type ExportFile, fileHeader } from './export-file.js';
import { type ExportModel, exportInterfaces, interfaceObjects } from './export-model.js';

const DESTINATION = '/etc/netplan/90-multihome.yaml';

// The config does not say what kind of device an interface is, and netplan refuses a later file that
// puts one an earlier file declares as a VLAN, bond or bridge under `ethernets:`.
const DEVICE_TYPE_NOTE = [
  '# Every interface is under `ethernets:`. Move a VLAN, bond or bridge under `vlans:`, `bonds:` or',
  '# `bridges:` as your other netplan files have it, or netplan stops with "changes device type".',
  '',
].join('\n');

/**
 * A netplan file that adds the uplinks' addresses, `routes` with `table:` and `routing-policy` to
 * each uplink interface; netplan appends them to what earlier files say about the interface.
 * Interfaces are written under `ethernets:`, and the file says to move a VLAN, bond or bridge.
 */
export function netplanFile(model: ExportModel): ExportFile {
  const ethernets = Object.fromEntries(
    exportInterfaces(model).map((name) => {
      const { addresses, routes, rules } = interfaceObjects(model, name);
      return [
        name,
        {
          addresses: addresses.map(netplanAddress),
          routes: routes.map(netplanRoute),
          'routing-policy': rules.map(netplanRule),
        },
      ];
    }),
  );
  const body = stringify({ network: { version: 2, ethernets } }, { lineWidth: 0 });
  return {
    name: 'netplan/90-multihome.yaml',
    destination: DESTINATION,
    text: `${fileHeader('#', DESTINATION, model.config.file)}${DEVICE_TYPE_NOTE}${body}`,
    mode: 0o600,
  };
}

function netplanAddress(address: Address): string | Record<string, { label: string }> {
  const cidr = `${address.address}/${address.prefixLength}`;
  return address.label === undefined ? cidr : { [cidr]: { label: address.label } };
}

function netplanRoute(route: Route): Record<string, string | number | boolean> {
  return {
    to: route.dst,
    // IPv6 routes have no scope (networkd ignores one and says so).
    ...(route.gateway === undefined ? (route.family === 4 ? { scope: 'link' } : {}) : { via: route.gateway }),
    ...(route.src === undefined ? {} : { from: route.src }),
    ...(route.onlink ? { 'on-link': true } : {}),
    ...(route.table === MAIN_TABLE ? {} : { table: route.table }),
    ...(route.metric === undefined ? {} : { metric: route.metric }),
  };
}

// netplan wants `from` or `to` in every rule; a mark rule matches every destination. Its `mark`
// has no mask: the expressibility check refuses configs whose mark rules need one.
function netplanRule(rule: Rule): Record<string, string | number> {
  return {
    ...(rule.from === undefined ? { to: rule.family === 4 ? '0.0.0.0/0' : '::/0' } : { from: rule.from }),
    ...(rule.fwmark === undefined ? {} : { mark: rule.fwmark }),
    table: rule.table,
    priority: rule.priority,
  };
}
