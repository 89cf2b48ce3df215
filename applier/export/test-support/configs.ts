import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Two uplinks sharing eth0 (one an alias), one on eth1, one IPv6, a LAN: every object kind an export writes. */
export const EXPORT_CONFIG = `uplinks:
  - name: a
    interface: eth0
    address: 10.201.1.10/24
    gateway: 10.201.1.1
  - name: b
    interface: eth0
    label: eth0:0
    address: 10.201.1.20/24
    gateway: 10.201.1.2
  - name: c
    interface: eth1
    address: 10.201.2.10/24
    gateway: 10.201.2.1
  - name: v6
    interface: eth1
    address: fd10:2::10/64
    gateway: fd10:2::1
default: a
lan: [eth2]
`;

/** The same with the whole mark as mask, which netplan's mask-less `mark` can express. */
export const FULL_MASK_CONFIG = `${EXPORT_CONFIG}markMask: 0xffffffff\n`;

/** Writes a config into a fresh temporary directory and returns its path. */
export function configFile(text: string, name = 'multihome.yaml'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mh-export-')), name);
  writeFileSync(path, text);
  return path;
}
