import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
