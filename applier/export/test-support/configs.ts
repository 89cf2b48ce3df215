import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';
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

/**
 * Writes a config into a fresh temporary directory and returns its path. The directory goes when the
 * test that made it ends, or with the suite when it was made while the file's tests were collected.
 */
export function configFile(text: string, name = 'multihome.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'mh-export-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    onTestFinished(remove);
  } catch {
    // Not inside a test (vitest says so by throwing): a describe's body, which afterAll serves.
    afterAll(remove);
  }
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
