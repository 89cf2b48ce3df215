import { createHash } from 'node:crypto';
import type { Config } from '../model/config.js';
import { NFT_FAMILY, NFT_TABLE } from '../model/constants.js';
import type { NftTable } from '../model/types.js';
import { hex } from './iproute-args.js';

// Why there is no `output` chain restoring the mark for locally generated packets: a connection that
// arrived on an uplink and ends on this host is answered from the uplink's own address, which the
// `from <address>` rule already routes; a marked (forwarded/DNAT'd) connection never has local
// packets. A restore in output would only re-route sockets whose source the kernel already picked,
// which no rule can fix (the UDP-bound-to-0.0.0.0 pitfall in DESIGN.md).

/**
 * multihome's whole nftables table for a config, or null when `lan` is empty (only forwarded traffic
 * needs marks). The digest hashes the rules and is stored as the table comment and, because nft 1.0.6
 * prints no table comments in JSON, as the first rule's comment too.
 */
export function nftTableFor(config: Config): NftTable | null {
  if (config.lan.length === 0 || config.uplinks.length === 0) return null;
  const rules = markRules(config);
  const digest = `multihome-${createHash('sha256').update(rules.join('\n')).digest('hex').slice(0, 16)}`;
  const [first, ...rest] = rules;
  const body = [`${first} comment "${digest}"`, ...rest].map((rule) => `\t\t${rule}`);
  const text = [
    `table ${NFT_FAMILY} ${NFT_TABLE} {`,
    `\tcomment "${digest}"`,
    '\tchain prerouting {',
    '\t\ttype filter hook prerouting priority mangle; policy accept;',
    ...body,
    '\t}',
    '}',
    '',
  ].join('\n');
  return { family: NFT_FAMILY, name: NFT_TABLE, text, digest };
}

/**
 * Whether a table named `inet multihome` is multihome's: it carries the comment multihome writes
 * (`multihome-<digest>`, or the bare digest of earlier versions). Any other table of that name was
 * made by someone else, and is neither replaced nor deleted.
 */
export function isOwnNftTable(table: { readonly comment: string | null }): boolean {
  return table.comment !== null && /^(multihome-)?[0-9a-f]{16}$/.test(table.comment);
}

/** How many rules a table's text holds, as `nft -j list` would count them. */
export function nftRuleCount(table: NftTable): number {
  return table.text.split('\n').filter((line) => line.includes(' mark set ')).length;
}

// New connections arriving on an uplink (matched by interface AND address: two uplinks can share
// one interface) get the uplink's conntrack mark; packets from the LAN of such a connection get the
// packet mark that the `fwmark` rule routes. Every operation keeps the bits outside the mask.
function markRules(config: Config): string[] {
  const keep = hex(~config.markMask >>> 0);
  const mask = hex(config.markMask);
  const rules: string[] = [];
  for (const uplink of config.uplinks) {
    const ip = uplink.family === 4 ? 'ip' : 'ip6';
    rules.push(
      `iifname "${uplink.interface}" ${ip} daddr ${uplink.address} ct state new ct mark set ct mark and ${keep} or ${hex(uplink.mark)}`,
    );
  }
  for (const lan of config.lan) {
    for (const mark of new Set(config.uplinks.map((uplink) => uplink.mark))) {
      rules.push(
        `iifname "${lan}" ct mark and ${mask} == ${hex(mark)} meta mark set meta mark and ${keep} or ${hex(mark)}`,
      );
    }
  }
  return rules;
}
