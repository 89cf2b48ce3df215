import type { Address } from '../model/types.js';
import { flags, integer, type JsonObject, parseJsonArray, text } from './json-fields.js';

/** What `ip -json -N addr show` says: every interface (with or without addresses), which are set down, and every address. */
export type ParsedLinks = {
  readonly interfaces: string[];
  readonly downInterfaces: string[];
  /** Each interface's ifindex: a link deleted and made again under its name gets a new one. */
  readonly interfaceIndexes: Record<string, number>;
  readonly addresses: Address[];
};

/** Parses `ip -json -N addr show`, which lists every link, so `ip link show` is not needed as well. */
export function parseAddresses(json: string): ParsedLinks {
  const interfaces: string[] = [];
  const downInterfaces: string[] = [];
  const interfaceIndexes: Record<string, number> = {};
  const addresses: Address[] = [];
  for (const link of parseJsonArray(json, 'ip addr')) {
    const name = text(link, 'ifname');
    if (name === undefined) continue;
    interfaces.push(name);
    const index = integer(link, 'ifindex');
    if (index !== undefined) interfaceIndexes[name] = index;
    // Set down, a link lacks the `UP` flag; a lost carrier keeps it (its routes stay, `linkdown`).
    if (link.flags !== undefined && !flags(link).includes('UP')) downInterfaces.push(name);
    const infos = Array.isArray(link.addr_info) ? (link.addr_info as unknown[]) : [];
    for (const info of infos) {
      if (typeof info !== 'object' || info === null) continue;
      const address = toAddress(info as JsonObject, name);
      if (address !== undefined) addresses.push(address);
    }
  }
  return { interfaces, downInterfaces, interfaceIndexes, addresses };
}

function toAddress(info: JsonObject, interfaceName: string): Address | undefined {
  const familyName = text(info, 'family');
  const local = text(info, 'local');
  const prefixLength = integer(info, 'prefixlen');
  if (local === undefined || prefixLength === undefined) return undefined;
  if (familyName !== 'inet' && familyName !== 'inet6') return undefined;
  const label = text(info, 'label');
  return {
    family: familyName === 'inet' ? 4 : 6,
    interface: interfaceName,
    address: local,
    prefixLength,
    // The kernel labels every IPv4 address with its interface name; only an alias label is news.
    ...(label === undefined || label === interfaceName ? {} : { label }),
  };
}
