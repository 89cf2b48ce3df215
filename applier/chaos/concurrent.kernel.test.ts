import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disposedAfterEach, TEST_CONFIG } from '../apply/test-support/netns-host.js';
import { ended, fullSnapshot, runToEnd, startCli } from './chaos-support.js';

const host = disposedAfterEach();

// Four configs that differ in addresses, uplinks and default, so a union of two is easy to see.
const CONFIGS = [
  TEST_CONFIG,
  TEST_CONFIG.replace('10.201.1.20/24', '10.201.1.21/24'),
  TEST_CONFIG.replace(/ {2}- name: c\n(?: {4}.*\n)+/, '').replace('10.201.1.20/24', '10.201.1.22/24'),
  TEST_CONFIG.replace('default: a', 'default: c').replace('10.201.1.20/24', '10.201.1.23/24'),
];

describe('chaos: concurrent runs on one namespace', () => {
  it('N applies and removes at once: all finish, one config wins whole, the ledger matches, nothing is orphaned', {
    timeout: 600_000,
  }, async () => {
    const h = host('conc');
    const paths = CONFIGS.map((text, index) => {
      const path = join(h.dir, `c${index}.yaml`);
      writeFileSync(path, text);
      return path;
    });
    const before = fullSnapshot(h);
    for (let round = 0; round < 2; round++) {
      const runs = [
        ...paths.map((path) => ['apply', '-c', path, '--wait', '300']),
        ['remove', '--wait', '300'],
      ];
      const results = await Promise.all(runs.map((args) => ended(startCli(h, args))));
      for (const [index, result] of results.entries()) {
        expect(result.code, `${runs[index]?.join(' ')}: ${result.stderr}`).toBe(0);
      }
      const status = await runToEnd(h, ['status', '--json']);
      const report = JSON.parse(status.stdout) as {
        configFile: string | null;
        drift: unknown[];
        orphans: boolean;
      };
      expect(report.orphans).toBe(false);
      expect(report.drift).toEqual([]);
      if (report.configFile !== null) {
        // The winner's plan is empty: the host is that config, not a union of several.
        expect(paths).toContain(report.configFile);
        const plan = await runToEnd(h, ['plan', '-c', report.configFile, '--json']);
        expect(JSON.parse(plan.stdout)).toEqual({ changes: [] });
        const eth0 = h.sh(['ip', '-4', '-o', 'address', 'show', 'dev', 'eth0']);
        const wanted = readFileSync(report.configFile, 'utf8').match(/10\.201\.1\.2\d/)?.[0];
        for (const other of ['10.201.1.20', '10.201.1.21', '10.201.1.22', '10.201.1.23']) {
          expect(eth0.includes(`${other}/`)).toBe(other === wanted);
        }
      }
      expect((await runToEnd(h, ['remove'])).code).toBe(0);
      expect(fullSnapshot(h)).toEqual(before);
    }
  });
});
