import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { TEST_CONFIG } from '../../apply/test-support/netns-host.js';

/** Two uplinks sharing eth0 (one an alias), one on eth1, one IPv6, a LAN: every object kind an export writes. */
export const EXPORT_CONFIG = TEST_CONFIG;

/** The same with the whole mark as mask, which netplan's mask-less `mark` can express. */
export const FULL_MASK_CONFIG = `${EXPORT_CONFIG}markMask: 0xffffffff\n`;

/** Two weighted uplinks: the main default is one multipath route over eth0 and eth1. */
export const WEIGHTED_CONFIG = `uplinks:
  - name: a
    interface: eth0
    address: 10.201.1.10/24
    gateway: 10.201.1.1
    weight: 2
  - name: c
    interface: eth1
    address: 10.201.2.10/24
    gateway: 10.201.2.1
    weight: 1
`;

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes a config into a fresh temporary directory, removed after the test file, and returns its path. */
export function configFile(text: string, name = 'multihome.yaml'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mh-export-')), name);
  made.push(dirname(path));
  writeFileSync(path, text);
  return path;
}
