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
 * changes nothing. NetworkManager has no address labels; they are left out. Every profile is
 * looked up and checked before any is changed: a device without a connection, or a profile whose
 * method for a family holds no addresses (`disabled`, `ignore`, `link-local`), stops the script
 * with one sentence and nothing modified.
 */
export function nmFile(model: ExportModel): ExportFile {
  const interfaces = exportInterfaces(model).map((name, index) => ({
    name,
    conn: `conn${index + 1}`,
    ...interfaceObjects(model, name),
  }));
  const checks = interfaces.map(({ name, conn, addresses, routes, rules }) => {
    const families = [...new Set([...addresses, ...routes, ...rules].map((object) => object.family))].sort();
    return [
      `${conn}=$(nmcli -g GENERAL.CONNECTION device show ${quote(name)})`,
      `[ -n "$${conn}" ] || { echo ${quote(`multihome: ${name} has no active NetworkManager connection; nothing was changed`)} >&2; exit 1; }`,
      ...families.map((family) => methodCheck(name, conn, family)),
    ].join('\n');
  });
  const changes = interfaces.map(({ name, conn, addresses, routes, rules }) => {
    const args = [
      ...addresses.map(
        (address) => `+ipv${address.family}.addresses ${address.address}/${address.prefixLength}`,
      ),
      ...routes.map((route) => `+ipv${route.family}.routes ${quote(nmRoute(route))}`),
      ...rules.map((rule) => `+ipv${rule.family}.routing-rules ${quote(nmRule(rule))}`),
    ];
    return [
      `nmcli connection modify "$${conn}" \\\n\t${args.join(' \\\n\t')}`,
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
      ...checks,
      ...changes,
      '',
    ].join('\n'),
    mode: 0o755,
  };
}

// NetworkManager refuses addresses in a profile whose method for the family is one of these, and
// applies none of its routes: the admin chooses the method, so the script says so and stops. The
// sentence is one shell word: quoted text with the connection's name and the method spliced in.
function methodCheck(name: string, conn: string, family: 4 | 6): string {
  const setting = `ipv${family}.method`;
  const sentence = [
    quote(`multihome: ${name}'s connection "`),
    `"$${conn}"`,
    quote(`" has ${setting} `),
    '"$m"',
    quote(
      `, which holds no addresses or routes; set ${setting} to manual or auto (nmcli connection modify "`,
    ),
    `"$${conn}"`,
    quote(`" ${setting} manual) and run this again; nothing was changed`),
  ].join('');
  return `m=$(nmcli -g ${setting} connection show "$${conn}"); case $m in disabled|ignore|link-local) echo ${sentence} >&2; exit 1 ;; esac`;
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
