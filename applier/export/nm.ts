import { MAIN_TABLE } from '../model/constants.js';
import type { Route, Rule } from '../model/types.js';
import { quote } from '../runner/shell-text.js';
import { type ExportFile, fileHeader } from './export-file.js';
import { type ExportModel, exportInterfaces, interfaceObjects } from './export-model.js';

const DESTINATION =
  'run once: sh multihome-nm.sh (NetworkManager keeps the settings in each connection profile)';

/**
 * `nmcli connection modify` commands, one per uplink interface's active connection, that add the
 * addresses, `ipv4.routes`/`ipv6.routes` and `ipv4.routing-rules`/`ipv6.routing-rules`, then
 * reapply the connection. NetworkManager ignores a value a profile already holds, so a second run
 * changes nothing. NetworkManager has no address labels; they are left out.
 */
export function nmFile(model: ExportModel): ExportFile {
  const blocks = exportInterfaces(model).map((name) => {
    const { addresses, routes, rules } = interfaceObjects(model, name);
    const args = [
      ...addresses.map(
        (address) => `+ipv${address.family}.addresses ${address.address}/${address.prefixLength}`,
      ),
      ...routes.map((route) => `+ipv${route.family}.routes ${quote(nmRoute(route))}`),
      ...rules.map((rule) => `+ipv${rule.family}.routing-rules ${quote(nmRule(rule))}`),
    ];
    return [
      `conn=$(nmcli -g GENERAL.CONNECTION device show ${quote(name)})`,
      `[ -n "$conn" ] || { echo ${quote(`multihome: ${name} has no active NetworkManager connection`)} >&2; exit 1; }`,
      `nmcli connection modify "$conn" \\\n\t${args.join(' \\\n\t')}`,
      `nmcli device reapply ${quote(name)}`,
    ].join('\n');
  });
  return {
    name: 'multihome-nm.sh',
    destination: DESTINATION,
    text: [
      '#!/bin/sh',
      fileHeader('#', DESTINATION, model.config.file).trimEnd(),
      'set -eu',
      ...blocks,
      '',
    ].join('\n'),
    mode: 0o755,
  };
}

/**
 * The metric the kernel gives a route added without one, as apply adds them. A route without a
 * metric in a NetworkManager profile (nmcli's or nmstate's) gets the profile's route-metric instead
 * (100 on ethernet), so a main default would tie with other ethernet profiles' DHCP defaults where
 * apply's wins.
 */
export const KERNEL_METRIC: Readonly<Record<4 | 6, number>> = { 4: 0, 6: 1024 };

/** One route in nmcli's syntax: `DEST [NEXT_HOP] METRIC [ATTR=VALUE ...]`. */
export function nmRoute(route: Route): string {
  const dst = route.dst === 'default' ? (route.family === 4 ? '0.0.0.0/0' : '::/0') : route.dst;
  const attributes = [
    `table=${route.table === MAIN_TABLE ? MAIN_TABLE : route.table}`,
    ...(route.src === undefined ? [] : [`src=${route.src}`]),
    ...(route.onlink ? ['onlink=true'] : []),
  ];
  return [
    dst,
    ...(route.gateway === undefined ? [] : [route.gateway]),
    String(route.metric ?? KERNEL_METRIC[route.family]),
    ...attributes,
  ].join(' ');
}

/** One routing rule in nmcli's (ip-rule-like) syntax. */
export function nmRule(rule: Rule): string {
  const selector = [
    ...(rule.from === undefined ? [] : [`from ${rule.from}`]),
    ...(rule.fwmark === undefined
      ? []
      : [`fwmark 0x${rule.fwmark.toString(16)}/0x${(rule.fwmask ?? 0xffffffff).toString(16)}`]),
  ];
  return [`priority ${rule.priority}`, ...selector, `table ${rule.table}`].join(' ');
}
