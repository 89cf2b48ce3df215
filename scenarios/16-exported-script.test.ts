import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { binPath, requireBuiltCli } from '../applier/e2e/cli-path.js';
import { scenarioRuntime } from './support/lab-entry.js';

const fixture = (name: string) => new URL(`./export/${name}`, import.meta.url).pathname;
const runtime = scenarioRuntime();

/** What `multihome test --json` reports, as far as this scenario reads it. */
type TestReport = {
  runtime: string;
  fix: { kind: string; ok: boolean };
  before: { uplink: string; ok: boolean }[];
  after: { uplink: string; ok: boolean; replyVia: string; pass: boolean }[] | null;
};

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
      const run = await cli(['test', '-t', topology, '--script', script, '--runtime', runtime, '--json']);
      expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
      const report = JSON.parse(run.stdout) as TestReport;
      expect(report.runtime).toBe(runtime);
      expect(report.fix).toMatchObject({ kind: 'script', ok: true });
      expect(report.before.some((flow) => flow.uplink === 'b' && !flow.ok)).toBe(true);
      expect(report.after?.length).toBeGreaterThan(0);
      expect(report.after?.every((flow) => flow.ok && flow.replyVia === flow.uplink && flow.pass)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
