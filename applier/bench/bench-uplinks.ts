import type { UplinkSpec } from '../e2e/article-config.js';

/** The interface every bench uplink sits on (one veth, many /30 subnets). */
export const BENCH_INTERFACE = 'up0';

/** First table id of the article's way, clear of the reserved 253-255. */
export const FIRST_TABLE = 1000;

/** First rule priority of the article's way, as multihome's default. */
export const FIRST_PRIORITY = 10_000;

/** `n` uplinks, each its own /30 in 10.200.0.0/16: address .1, gateway .2. */
export function benchUplinks(n: number): UplinkSpec[] {
  return Array.from({ length: n }, (_, i): UplinkSpec => {
    const base = i * 4;
    const net = `10.200.${Math.floor(base / 256)}`;
    const last = base % 256;
    return {
      name: `u${i}`,
      interface: BENCH_INTERFACE,
      address: `${net}.${last + 1}`,
      prefixLength: 30,
      gateway: `${net}.${last + 2}`,
    };
  });
}

/** The article's script for these uplinks: the default route, then three `ip` processes per uplink. */
export function articleScript(uplinks: readonly UplinkSpec[]): string {
  const lines = ['set -e'];
  if (uplinks[0]) lines.push(`ip route add default via ${uplinks[0].gateway}`);
  uplinks.forEach((uplink, i) => {
    const table = FIRST_TABLE + i;
    const [a, b, c, d] = uplink.address.split('.').map(Number) as [number, number, number, number];
    const network = `${a}.${b}.${c}.${d & ~((1 << (32 - uplink.prefixLength)) - 1)}/${uplink.prefixLength}`;
    lines.push(
      `ip route add ${network} dev ${uplink.interface} src ${uplink.address} table ${table}`,
      `ip route add default via ${uplink.gateway} table ${table}`,
      `ip rule add from ${uplink.address} table ${table} pref ${FIRST_PRIORITY + i}`,
    );
  });
  return `${lines.join('\n')}\n`;
}
