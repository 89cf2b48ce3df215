import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createNetnsHost } from '../apply/test-support/netns-host.js';
import { applyHost, loadConfigFor, statusHost } from '../index.js';
import { deadLedgers } from '../ledger/dead-ledgers.js';
import { ledgerDir, namespaceId, tableNamesPath } from '../ledger/paths.js';
import { LocalRunner } from '../runner/local-runner.js';
import { runToEnd } from './test-support/chaos-support.js';

describe('ledgers of namespaces deleted without remove', () => {
  it('status lists them and remove --stale clears them, never a live one', async () => {
    const gone = createNetnsHost('dead');
    const live = createNetnsHost('live');
    let pin: { readonly fd: number; readonly id: string } | undefined;
    try {
      for (const h of [gone, live]) await applyHost(h.runner, await loadConfigFor(h.runner, h.configPath));
      const goneId = await namespaceId(gone.runner);
      const liveId = await namespaceId(live.runner);
      // Deleted without `multihome remove`: its ledger stays behind. This test keeps a file open on
      // the namespace (no process is in it and nothing mounts it, so to multihome it is gone): the
      // kernel then cannot give its inode to a namespace of another test file running meanwhile,
      // which would make the ledger that one's, and this one's leftovers that one's surprise.
      pin = { fd: openSync(`/run/netns/${gone.name}`, 'r'), id: goneId };
      for (const name of [gone.name, gone.peer]) execFileSync('ip', ['netns', 'delete', name]);
      expect(await deadLedgers(new LocalRunner())).toContain(goneId);
      expect(await deadLedgers(new LocalRunner())).not.toContain(liveId);
      expect((await statusHost(live.runner)).deadLedgers).toContain(goneId);
      const cleared = await runToEnd(live, ['remove', '--stale', '--json']);
      expect(cleared.code).toBe(0);
      expect((JSON.parse(cleared.stdout) as { cleared: string[] }).cleared).toContain(goneId);
      expect(existsSync(ledgerDir(goneId))).toBe(false);
      expect(existsSync(tableNamesPath(goneId))).toBe(false);
      expect(existsSync(ledgerDir(liveId))).toBe(true);
      expect((await statusHost(live.runner)).configFile).toBe(live.configPath);
    } finally {
      if (pin !== undefined) {
        // Whatever failed above, the gone namespace's ledger does not outlive the pin.
        rmSync(ledgerDir(pin.id), { recursive: true, force: true });
        closeSync(pin.fd);
      }
      gone.dispose();
      live.dispose();
    }
  });
});
