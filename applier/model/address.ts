import ipaddr from 'ipaddr.js';
import type { Family } from './config.js';

// The one module that uses ipaddr.js: the config's strict parsing (with messages for the user), the
// byte form that identities compare, and the plain predicates the lab's topologies need.

/** A host address as the config gives it, parsed and normalised (lowercase, compressed IPv6). */
export type ParsedAddress = { readonly family: Family; readonly address: string };

/** An interface address with its prefix, plus the connected network it implies. */
export type ParsedCidr = ParsedAddress & { readonly prefixLength: number; readonly network: string };

/**
 * Parses a bare address strictly (dotted quad for IPv4, no zone id for IPv6), so `10.1` or `0x0a000001`
 * are refused instead of silently becoming something else. Returns a message on failure.
 */
export function parseAddress(text: string): ParsedAddress | string {
  const parsed = ipaddr.IPv4.isValidFourPartDecimal(text)
    ? ipaddr.IPv4.parse(text)
    : !text.includes('%') && ipaddr.IPv6.isValid(text)
      ? ipaddr.IPv6.parse(text)
      : undefined;
  if (parsed === undefined) return `"${text}" is not a valid IPv4 or IPv6 address`;
  if (parsed instanceof ipaddr.IPv6 && (text.includes('.') || embedsIpv4(parsed))) {
    return `${text} is an IPv4-mapped or IPv4-compatible IPv6 address, which the kernel stores and prints differently; give the IPv4 address to an IPv4 uplink instead`;
  }
  const range = parsed.range();
  if (UNUSABLE.has(range))
    return `${text} is ${range === 'unspecified' ? 'an' : 'a'} ${range} address, not one a host or gateway can use`;
  return parsed instanceof ipaddr.IPv6
    ? { family: 6, address: parsed.toRFC5952String() }
    : { family: 4, address: parsed.toString() };
}

// ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated); `::` and `::1` are refused by range.
function embedsIpv4(address: ipaddr.IPv6): boolean {
  const [a, b, c, d, e, f, g = 0, h = 0] = address.parts;
  if (a !== 0 || b !== 0 || c !== 0 || d !== 0 || e !== 0) return false;
  return f === 0xffff || (f === 0 && (g !== 0 || h > 1));
}

// Ranges no uplink address, gateway or probe can be in.
const UNUSABLE: ReadonlySet<string> = new Set(['unspecified', 'multicast', 'loopback', 'broadcast']);

/** Parses `address/prefix`; a missing or out-of-range prefix is refused because the subnet matters. */
export function parseCidr(text: string): ParsedCidr | string {
  const slash = text.indexOf('/');
  if (slash < 0) return `"${text}" has no prefix length (write it as address/prefix, e.g. 198.51.100.10/24)`;
  const host = parseAddress(text.slice(0, slash));
  if (typeof host === 'string') return host;
  const prefixText = text.slice(slash + 1);
  const max = host.family === 4 ? 32 : 128;
  const prefixLength = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefixLength > max) {
    return `"${prefixText}" is not a valid IPv${host.family} prefix length (1-${max})`;
  }
  if (prefixLength === 0) {
    return `${text} has prefix length 0, which would make the whole address space the uplink's connected network`;
  }
  return { ...host, prefixLength, network: networkOf(`${host.address}/${prefixLength}`) };
}

/** The connected network of `address/len`: `10.200.3.29/30` → `10.200.3.28/30`. */
export function networkOf(cidr: string): string {
  const [address, length] = parseCidrText(cidr);
  const network =
    address instanceof ipaddr.IPv4
      ? ipaddr.IPv4.networkAddressFromCIDR(cidr).toString()
      : ipaddr.IPv6.networkAddressFromCIDR(cidr).toRFC5952String();
  return `${network}/${length}`;
}

// `ipaddr.parseCIDR` tries IPv6 first and, for every IPv4 prefix, builds and throws an Error (with
// its stack) before trying IPv4: about 9 µs a call against 1 µs, paid several times per uplink by
// every check. Only IPv6 has a colon, so the family is known before parsing; it throws as it does.
function parseCidrText(cidr: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  return cidr.includes(':') ? ipaddr.IPv6.parseCIDR(cidr) : ipaddr.IPv4.parseCIDR(cidr);
}

/**
 * Host `n` of a lab prefix, counted from the prefix's address and written with the digits of `n` in
 * both families, as the lab's topologies write their hosts: `hostAt('10.10.0.0/24', 10)` is
 * `10.10.0.10` and `hostAt('fd10:10::/64', 10)` is `fd10:10::10`.
 */
export function hostAt(cidr: string, n: number): string {
  const [address] = parseCidrText(cidr);
  if (address instanceof ipaddr.IPv4) return new ipaddr.IPv4(plus(address.octets, n, 8)).toString();
  const parts = plus((address as ipaddr.IPv6).parts, Number.parseInt(String(n), 16), 16);
  return new ipaddr.IPv6(parts).toRFC5952String();
}

// `parts` (each `bits` wide, most significant first) plus `n`, carried leftwards.
function plus(parts: readonly number[], n: number, bits: number): number[] {
  const sum = [...parts];
  let carry = n;
  for (let i = sum.length - 1; i >= 0 && carry > 0; i--) {
    const total = (sum[i] ?? 0) + carry;
    sum[i] = total % 2 ** bits;
    carry = Math.floor(total / 2 ** bits);
  }
  return sum;
}

/** True when `address` lies inside `network` (both normalised, same family). */
export function isInside(address: ParsedAddress, network: ParsedCidr): boolean {
  if (address.family !== network.family) return false;
  if (address.family === 4)
    return ipaddr.IPv4.parse(address.address).match(ipaddr.IPv4.parseCIDR(network.network));
  return ipaddr.IPv6.parse(address.address).match(ipaddr.IPv6.parseCIDR(network.network));
}

/**
 * An address's bytes as one canonical string, so two spellings of one address (`::ffff:a5b:2` and
 * `::ffff:10.91.0.2`, upper and lower case) compare equal; text that is no address is kept as it is.
 */
export function addressBytes(text: string): string {
  try {
    return ipaddr.parse(text).toByteArray().join('.');
  } catch {
    return text;
  }
}

/** True for an address in its family's link-local range (169.254.0.0/16 or fe80::/10). */
export function inLinkLocalRange(text: string): boolean {
  return ipaddr.parse(text).range() === 'linkLocal';
}

/** IPv6 gateways are commonly link-local (fe80::/10); those are reachable without `onlink`. */
export function isLinkLocal(address: ParsedAddress): boolean {
  return address.family === 6 && ipaddr.IPv6.parse(address.address).range() === 'linkLocal';
}

/** The IPv4 broadcast address of a prefix shorter than /31 (no host can use it), or null. */
export function broadcastOf(cidr: ParsedCidr): string | null {
  if (cidr.family !== 4 || cidr.prefixLength >= 31) return null;
  return ipaddr.IPv4.broadcastAddressFromCIDR(`${cidr.address}/${cidr.prefixLength}`).toString();
}

/** The IPv4 network address of a prefix shorter than /31 is not a host address. */
export function isNetworkAddress(cidr: ParsedCidr): boolean {
  return (
    cidr.family === 4 && cidr.prefixLength < 31 && cidr.network === `${cidr.address}/${cidr.prefixLength}`
  );
}

/** Address family of an address or prefix string, or undefined when it is neither. */
export function familyOf(text: string): 4 | 6 | undefined {
  const bare = text.split('/')[0] ?? '';
  if (!ipaddr.isValid(bare)) return undefined;
  return ipaddr.parse(bare).kind() === 'ipv4' ? 4 : 6;
}

/** True for a plain IPv4/IPv6 address (no prefix length), in canonical dotted or colon form. */
export function isAddress(text: string): boolean {
  return !text.includes('/') && (ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text));
}

/** True for `address/length` whose address is valid for its family. */
export function isCidr(text: string): boolean {
  return ipaddr.IPv4.isValidCIDRFourPartDecimal(text) || ipaddr.IPv6.isValidCIDR(text);
}

/** True when `cidr` has no host bits set (`198.51.100.0/24`, not `198.51.100.5/24`). */
export function isNetwork(cidr: string): boolean {
  const [address] = parseCidrText(cidr);
  const network = address.kind() === 'ipv4' ? ipaddr.IPv4 : ipaddr.IPv6;
  return network.networkAddressFromCIDR(cidr).toNormalizedString() === address.toNormalizedString();
}

/** Whether `address` lies inside `cidr` (false across families). */
export function contains(cidr: string, address: string): boolean {
  const [network, length] = parseCidrText(cidr);
  const parsed = ipaddr.parse(address);
  return parsed.kind() === network.kind() && parsed.match(network, length);
}

/** Whether two prefixes share any address. */
export function overlaps(a: string, b: string): boolean {
  const [na, la] = parseCidrText(a);
  const [nb, lb] = parseCidrText(b);
  if (na.kind() !== nb.kind()) return false;
  return la <= lb ? nb.match(na, la) : na.match(nb, lb);
}

/** Prefix length of `a.b.c.d/len`. */
export function prefixLength(cidr: string): number {
  return parseCidrText(cidr)[1];
}

/** `address/len` where `len` comes from `cidr`: `198.51.100.10` in `198.51.100.0/24` → `198.51.100.10/24`. */
export function withPrefixOf(address: string, cidr: string): string {
  return `${address}/${prefixLength(cidr)}`;
}

/** The address part of `address/len`. */
export function bareAddress(text: string): string {
  return text.split('/')[0] ?? text;
}

/** An address made safe for nft object names: every non-alphanumeric character becomes `_`. */
export function sanitiseAddress(address: string): string {
  return address.replace(/[^a-zA-Z0-9]/g, '_');
}

/** First element of `items` whose family is `family`. */
export function ofFamily(items: readonly string[], family: 4 | 6): string | undefined {
  return items.find((item) => familyOf(item) === family);
}
