import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_CONFIG } from '../../apply/test-support/netns-host.js';

/** Two uplinks sharing eth0 (one an alias), one on eth1, one IPv6, a LAN: every object kind an export writes. */
export const EXPORT_CONFIG = TEST_CONFIG;

/** The same with the whole mark as mask, which netplan's mask-less `mark` can express. */
export const FULL_MASK_CONFIG = `${EXPORT_CONFIG}markMask: 0xffffffff\n`;

/** Writes a config into a fresh temporary directory and returns its path. */
export function configFile(text: string, name = 'multihome.yaml'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mh-export-')), name);
  writeFileSync(path, text);
  return path;
}
