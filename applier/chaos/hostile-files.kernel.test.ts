import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { disposedAfterEach, kernelSnapshot } from '../apply/test-support/netns-host.js';
import { runCli } from '../cli/test-support/run-cli.js';
import { applyHost, loadConfigFor } from '../index.js';
import { ledgerPath } from '../ledger/ledger-store.js';

const host = disposedAfterEach();
const dir = mkdtempSync(join(tmpdir(), 'mh-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Files a config path may name that are no config: each is refused with exit 2 before anything
// changes, quickly (spawnSync's 60 s timeout would turn a hang into a null status).
const hostile: readonly (readonly [string, () => string])[] = [
  [
    'a FIFO nobody writes to',
    () => {
      const path = join(dir, 'fifo.yaml');
      execFileSync('mkfifo', [path]);
      return path;
    },
  ],
  ['/dev/urandom', () => '/dev/urandom'],
  [
    'a file over 1 MiB',
    () => {
      const path = join(dir, 'huge.yaml');
      writeFileSync(path, `uplinks: []\n${'#'.repeat(80)}\n`.repeat(14_000));
      return path;
    },
  ],
];

describe('hostile files, through the real CLI in a namespace', () => {
  for (const [what, make] of hostile) {
    it(`plan and apply -c ${what}: exit 2 naming the file, nothing changed`, () => {
      const h = host('hfile');
      const before = kernelSnapshot(h);
      const path = make();
      for (const command of ['plan', 'apply']) {
        const run = runCli([command, '-c', path], { netns: h.name });
        expect(run.status, run.stderr).toBe(2);
        expect(run.stderr).toContain(path);
      }
      expect(kernelSnapshot(h)).toEqual(before);
    });
  }

  for (const shape of ['{"version": 99}', '[]', 'null']) {
    it(`a ledger of the wrong shape (${shape}) is one sentence naming it, never "manages nothing"`, async () => {
      const h = host('hledg');
      const result = await applyHost(h.runner, await loadConfigFor(h.runner, h.configPath));
      const applied = kernelSnapshot(h);
      writeFileSync(ledgerPath(result.nsid), `${shape}\n`);
      for (const command of ['status', 'remove']) {
        const run = runCli([command], { netns: h.name });
        expect(run.status, run.stdout).not.toBe(0);
        expect(run.stderr).toContain(ledgerPath(result.nsid));
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stdout).not.toMatch(/manages nothing/);
      }
      // Nothing was taken as "no ledger": what apply made is still there, not orphaned by a remove.
      expect(kernelSnapshot(h)).toEqual(applied);
    });
  }
});
