import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { disposedAfterEach, type NetnsHost, TEST_CONFIG } from '../apply/test-support/netns-host.js';
import { ended, fullSnapshot, runToEnd, startCli } from './test-support/chaos-support.js';

const host = disposedAfterEach();

// Bounded: ROUNDS kills in all, each at a random moment of a run; the test ends within its timeout.
const ROUNDS = 8;
// A second config that renumbers uplink b and drops c, so a killed apply may be halfway between two.
const OTHER = TEST_CONFIG.replace('10.201.1.20/24', '10.201.1.21/24').replace(
  / {2}- name: c\n(?: {4}.*\n)+/,
  '',
);

type Status = {
  configFile: string | null;
  owned: { routes: unknown[]; rules: unknown[]; nftTable: boolean; addresses: unknown[] };
  drift: unknown[];
  orphans: boolean;
  recovered: string;
};

// After a killed apply on a clean namespace, status settles the run first and then tells the truth:
// either the config is applied whole (its plan is empty) or nothing is owned; never objects without
// a ledger, never "manages nothing" over half-made changes.
async function expectStatusSettles(h: NetnsHost, config: string, log: readonly string[]): Promise<void> {
  const status = await runToEnd(h, ['status', '--json']);
  const why = `${log.join('\n')}\n${status.stderr}`;
  expect(status.code, why).toBe(0);
  const report = JSON.parse(status.stdout) as Status;
  expect(report.orphans, why).toBe(false);
  expect(report.drift, why).toEqual([]);
  expect(['none', 'completed', 'undone'], why).toContain(report.recovered);
  if (report.configFile === null) {
    const { routes, rules, nftTable, addresses } = report.owned;
    expect({ routes, rules, nftTable, addresses }, why).toEqual({
      routes: [],
      rules: [],
      nftTable: false,
      addresses: [],
    });
  } else {
    expect(report.configFile, why).toBe(config);
    const plan = await runToEnd(h, ['plan', '-c', config, '--json']);
    expect(JSON.parse(plan.stdout), why).toEqual({ changes: [] });
  }
}

describe('chaos: SIGKILL at random moments', () => {
  it('after every kill of apply, status settles it truthfully; after every kill of apply or remove, remove gives the namespace back byte for byte', {
    timeout: 600_000,
  }, async () => {
    const h = host('kill');
    const other = join(h.dir, 'other.yaml');
    writeFileSync(other, OTHER);
    const before = fullSnapshot(h);
    const started = Date.now();
    const first = await runToEnd(h, ['apply', '-c', h.configPath]);
    expect(first.stderr).toBe('');
    const runMs = Date.now() - started;
    expect((await runToEnd(h, ['remove'])).code).toBe(0);
    expect(fullSnapshot(h)).toEqual(before);
    const log: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const killRemove = round % 2 === 1;
      const config = round % 4 < 2 ? h.configPath : other;
      if (killRemove) expect((await runToEnd(h, ['apply', '-c', config])).code).toBe(0);
      const delay = Math.floor(Math.random() * runMs);
      log.push(`round ${round}: kill ${killRemove ? 'remove' : `apply -c ${config}`} after ${delay} ms`);
      const child = startCli(h, killRemove ? ['remove'] : ['apply', '-c', config]);
      const end = ended(child);
      await sleep(delay);
      child.kill('SIGKILL');
      await end;
      if (!killRemove) await expectStatusSettles(h, config, log);
      const removed = await runToEnd(h, ['remove']);
      expect(removed.code, `${log.join('\n')}\n${removed.stderr}`).toBe(0);
      expect(fullSnapshot(h), log.join('\n')).toEqual(before);
    }
  });
});
