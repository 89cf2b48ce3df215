import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { binPath, requireBuiltCli } from '../applier/e2e/cli-path.js';
import { scenarioRuntime } from './support/lab-entry.js';

const fixture = (name: string) => new URL(`./export/${name}`, import.meta.url).pathname;
const runtime = scenarioRuntime();

// The exported script as the fix: `multihome export --format script` of the router's config, then
// `multihome test --script` with that script, run as root in the router. Before it the lab shows
// the bug (b's replies leave via a and die); after it every reply leaves via its own uplink.
describe(`scenario 16: the exported script fixes the lab (${runtime})`, () => {
  beforeAll(requireBuiltCli, 180_000);

  it('multihome test --script <exported script>: the bug is gone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mh-export-lab-'));
    try {
      const cli = (args: readonly string[]) =>
        execa(process.execPath, [binPath(), ...args], { reject: false, timeout: 300_000 });
      const config = fixture('export-two-isps-multihome.yaml');
      const exported = await cli(['export', '-c', config, '--format', 'script', '-o', dir]);
      expect(exported.exitCode, exported.stderr).toBe(0);
      const script = join(dir, 'multihome-routes.sh');
      const topology = fixture('export-two-isps.yaml');
      // The text report, as a user reads it (the JSON one is the CLI tests'): `multihome test --script`
      // succeeding end to end is tested here, with a script that starts with its own shebang.
      const run = await cli(['test', '-t', topology, '--script', script, '--runtime', runtime]);
      expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stderr).toContain(`up (${runtime})`);
      expect(run.stdout).toMatch(/^fix: script .*multihome-routes\.sh: done/m);
      const [before = '', after = ''] = run.stdout.split(/^fix: .*$/m);
      const rows = (table: string) => table.split('\n').filter((line) => /^[ab] /.test(line));
      expect(rows(before).filter((row) => row.startsWith('b'))).toEqual([
        expect.stringMatching(/^b +icmp +ipv4 +no answer +a +pass$/),
        expect.stringMatching(/^b +tcp +ipv4 +no answer +a +pass$/),
        expect.stringMatching(/^b +udp +ipv4 +no answer +a +pass$/),
      ]);
      expect(rows(after)).toHaveLength(6);
      for (const row of rows(after)) expect(row).toMatch(/^(\S+) +\S+ +ipv4 +answered +\1 +pass$/);
      expect(run.stdout).toContain('PASS: every expectation of the after phase holds.');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
