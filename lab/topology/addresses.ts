import ipaddr from 'ipaddr.js';

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
  const [address, length] = ipaddr.parseCIDR(cidr);
  return networkOf(address, length) === address.toNormalizedString();
}

/** Whether `address` lies inside `cidr` (false across families). */
export function contains(cidr: string, address: string): boolean {
  const [network, length] = ipaddr.parseCIDR(cidr);
  const parsed = ipaddr.parse(address);
  return parsed.kind() === network.kind() && parsed.match(network, length);
}

/** Whether two prefixes share any address. */
export function overlaps(a: string, b: string): boolean {
  const [na, la] = ipaddr.parseCIDR(a);
  const [nb, lb] = ipaddr.parseCIDR(b);
  if (na.kind() !== nb.kind()) return false;
  return la <= lb ? nb.match(na, la) : na.match(nb, lb);
}

/** Prefix length of `a.b.c.d/len`. */
export function prefixLength(cidr: string): number {
  return ipaddr.parseCIDR(cidr)[1];
}

/** `address/len` where `len` comes from `cidr`: `198.51.100.10` in `198.51.100.0/24` → `198.51.100.10/24`. */
export function withPrefixOf(address: string, cidr: string): string {
  return `${address}/${prefixLength(cidr)}`;
}

/** The address part of `address/len`. */
export function bareAddress(text: string): string {
  return text.split('/')[0] ?? text;
}

/** The canonical text of an address (RFC 5952 for IPv6), so `2001:db8:ff:0::101` equals nft's `2001:db8:ff::101`. */
export function canonicalAddress(address: string): string {
  return ipaddr.isValid(address) ? ipaddr.parse(address).toString() : address;
}

/** An address made safe for nft object names: every non-alphanumeric character becomes `_`. */
export function sanitiseAddress(address: string): string {
  return address.replace(/[^a-zA-Z0-9]/g, '_');
}

/** First element of `items` whose family is `family`. */
export function ofFamily(items: readonly string[], family: 4 | 6): string | undefined {
  return items.find((item) => familyOf(item) === family);
}

function networkOf(address: ipaddr.IPv4 | ipaddr.IPv6, length: number): string {
  const bytes = address.toByteArray();
  const masked = bytes.map((byte, index) => {
    const keep = Math.max(0, Math.min(8, length - index * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  return ipaddr.fromByteArray(masked).toNormalizedString();
}
