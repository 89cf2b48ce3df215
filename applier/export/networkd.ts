import { MAIN_TABLE } from '../model/constants.js';
import type { Address, Route, Rule } from '../model/types.js';
import { type ExportFile, fileHeader } from './export-file.js';
import { type ExportModel, exportInterfaces, interfaceObjects } from './export-model.js';

/** The networkd.conf drop-in that stops networkd (>= 248) deleting policy rules it did not make. */
export const NETWORKD_CONF_DESTINATION = '/etc/systemd/networkd.conf.d/60-multihome.conf';

/** The name of an interface's drop-in in the export directory, for any interface. */
export const NETWORKD_DROP_IN = /^network\/[^/]+\.network\.d\/60-multihome\.conf$/;

/**
 * One `.network` drop-in per uplink interface ([Address], [Route] Table=, [RoutingPolicyRule]) and
 * the networkd.conf drop-in with ManageForeignRoutingPolicyRules=no.
 */
export function networkdFiles(model: ExportModel): ExportFile[] {
  const file = model.config.file;
  const dropIns = exportInterfaces(model).map((name): ExportFile => {
    const destination = `/etc/systemd/network/<the .network file that matches ${name}>.d/60-multihome.conf (\`networkctl status ${name}\` names that file)`;
    const { addresses, routes, rules } = interfaceObjects(model, name);
    const sections = [
      ...addresses.map(addressSection),
      ...routes.map(routeSection),
      ...rules.map(ruleSection),
    ];
    return {
      name: `network/${name}.network.d/60-multihome.conf`,
      destination,
      text: `${fileHeader('#', destination, file)}${sections.join('\n')}`,
    };
  });
  const conf: ExportFile = {
    name: 'networkd.conf.d/60-multihome.conf',
    destination: NETWORKD_CONF_DESTINATION,
    text: `${fileHeader('#', NETWORKD_CONF_DESTINATION, file)}[Network]\nManageForeignRoutingPolicyRules=no\n`,
  };
  return [...dropIns, conf];
}

function section(name: string, entries: readonly (readonly [string, string | number | undefined])[]): string {
  const lines = entries.flatMap(([key, value]) => (value === undefined ? [] : [`${key}=${value}`]));
  return `[${name}]\n${lines.join('\n')}\n`;
}

function addressSection(address: Address): string {
  return section('Address', [
    ['Address', `${address.address}/${address.prefixLength}`],
    ['Label', address.label],
  ]);
}

function routeSection(route: Route): string {
  return section('Route', [
    ['Destination', route.dst === 'default' ? (route.family === 4 ? '0.0.0.0/0' : '::/0') : route.dst],
    ['Gateway', route.gateway],
    // A balanced main default: one MultiPathRoute= per next hop (the expressibility check refuses
    // on-link hops, which MultiPathRoute= cannot flag).
    ...(route.nexthops ?? []).map(
      (hop) => ['MultiPathRoute', `${hop.gateway}@${hop.dev} ${hop.weight}`] as const,
    ),
    ['GatewayOnLink', route.onlink ? 'yes' : undefined],
    ['PreferredSource', route.src],
    ['Scope', route.gateway === undefined && !route.nexthops && route.family === 4 ? 'link' : undefined],
    ['Table', route.table === MAIN_TABLE ? undefined : route.table],
    ['Metric', route.metric],
  ]);
}

function ruleSection(rule: Rule): string {
  return section('RoutingPolicyRule', [
    ['Family', rule.from === undefined ? (rule.family === 4 ? 'ipv4' : 'ipv6') : undefined],
    ['From', rule.from],
    ['FirewallMark', rule.fwmark === undefined ? undefined : `${rule.fwmark}/${rule.fwmask ?? 0xffffffff}`],
    ['Table', rule.table],
    ['Priority', rule.priority],
  ]);
}
