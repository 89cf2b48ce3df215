import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostAt, networkOf } from '../model/address.js';

/** The fields of an uplink the config file spells out. */
export type UplinkSpec = {
  readonly name: string;
  readonly interface: string;
  readonly label?: string;
  readonly address: string;
  readonly prefixLength: number;
  readonly gateway: string;
};

/** A config written to a temporary file; `dispose` removes it. */
export type ConfigFile = AsyncDisposable & { readonly path: string; readonly text: string };

/** Renders uplinks in the config file's YAML shape. */
export function configText(
  uplinks: readonly UplinkSpec[],
  defaultUplink: string,
  lan: readonly string[],
): string {
  const lines = ['uplinks:'];
  for (const uplink of uplinks) {
    lines.push(`  - name: ${uplink.name}`, `    interface: ${uplink.interface}`);
    if (uplink.label) lines.push(`    label: "${uplink.label}"`);
    lines.push(`    address: "${uplink.address}/${uplink.prefixLength}"`, `    gateway: "${uplink.gateway}"`);
  }
  lines.push(`default: ${defaultUplink}`);
  if (lan.length > 0) lines.push(`lan: [${lan.join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

/** Writes `text` to a fresh temporary directory. */
export async function writeConfig(text: string): Promise<ConfigFile> {
  const dir = await mkdtemp(join(tmpdir(), 'mh-bench-'));
  const path = join(dir, 'multihome.yaml');
  await writeFile(path, text);
  return { path, text, [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true }) };
}

/** The interface every bench uplink sits on (one veth, many /30 subnets). */
export const BENCH_INTERFACE = 'up0';

/** First table id of the article's way, clear of the reserved 253-255. */
export const FIRST_TABLE = 1000;

/** First rule priority of the article's way, as multihome's default. */
export const FIRST_PRIORITY = 10_000;

// Where the bench uplinks' /30s are cut from.
const BENCH_RANGE = '10.200.0.0/16';

/** `n` uplinks, each its own /30 in 10.200.0.0/16: address .1, gateway .2. */
export function benchUplinks(n: number): UplinkSpec[] {
  return Array.from(
    { length: n },
    (_, i): UplinkSpec => ({
      name: `u${i}`,
      interface: BENCH_INTERFACE,
      address: hostAt(BENCH_RANGE, i * 4 + 1),
      prefixLength: 30,
      gateway: hostAt(BENCH_RANGE, i * 4 + 2),
    }),
  );
}

/** The article's script for these uplinks: the default route, then three `ip` processes per uplink. */
export function articleScript(uplinks: readonly UplinkSpec[]): string {
  const lines = ['set -e'];
  if (uplinks[0]) lines.push(`ip route add default via ${uplinks[0].gateway}`);
  uplinks.forEach((uplink, i) => {
    const table = FIRST_TABLE + i;
    const network = networkOf(`${uplink.address}/${uplink.prefixLength}`);
    lines.push(
      `ip route add ${network} dev ${uplink.interface} src ${uplink.address} table ${table}`,
      `ip route add default via ${uplink.gateway} table ${table}`,
      `ip rule add from ${uplink.address} table ${table} pref ${FIRST_PRIORITY + i}`,
    );
  });
  return `${lines.join('\n')}\n`;
}
