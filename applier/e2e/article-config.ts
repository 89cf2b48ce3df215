import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RouterAddress, routerAddress } from './world/layout.js';

/** The fields of an uplink the config file spells out. */
export type UplinkSpec = Pick<RouterAddress, 'name' | 'label' | 'address' | 'prefixLength' | 'gateway'> & {
  readonly interface: string;
};

/** A config written to a temporary file; `dispose` removes it. */
export type ConfigFile = AsyncDisposable & { readonly path: string; readonly text: string };

/** The article's layout as a multihome config: isp1, isp2 on the alias eth0:0, isp3; LAN on eth2. */
export function articleConfig(): string {
  return configText(['isp1', 'isp2', 'isp3'].map(routerAddress), 'isp1', ['eth2']);
}

/** Two IPv6 uplinks, default via the first. */
export function ipv6Config(): string {
  return configText(['isp1v6', 'isp3v6'].map(routerAddress), 'isp1v6', []);
}

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
  const dir = await mkdtemp(join(tmpdir(), 'mh-e2e-'));
  const path = join(dir, 'multihome.yaml');
  await writeFile(path, text);
  return { path, text, [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true }) };
}
