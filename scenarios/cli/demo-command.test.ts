import { readdirSync } from 'node:fs';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { binPath, requireBuiltCli } from '../../applier/e2e/cli-path.js';
import { scenarioRuntime } from '../support/lab-entry.js';

// The lab project runs this file on Docker, the kernel project on netns: `multihome demo` must
// reproduce the bug and prove the fix on both.
const RUNTIME = scenarioRuntime();

type DemoFlow = { uplink: string; protocol: string; family: string; ok: boolean; replyVia: string | null };

const row = (f: DemoFlow) => `${f.uplink}/${f.protocol}/${f.family} ${f.ok ? 'ok' : 'no'} via ${f.replyVia}`;

describe(`multihome demo --runtime ${RUNTIME}`, () => {
  beforeAll(requireBuiltCli, 180_000);

  it('refuses a --report it cannot write before any lab is made (exit 2)', async () => {
    const run = await execa(
      process.execPath,
      [binPath(), 'demo', '--report', '/proc/nope', '--runtime', RUNTIME],
      { reject: false, timeout: 60_000 },
    );
    expect([run.exitCode, run.stderr]).toEqual([
      2,
      'multihome: demo --report /proc/nope: /proc/nope is under /proc, a kernel file system; name a directory on disk; nothing was written',
    ]);
  });

  it('shows every reply for ISP2 and ISP3 dying at ISP1 before the fix, and each via its own uplink after', async () => {
    // stdout and stderr into one pipe, in the order they were written, as a terminal shows them.
    const run = await execa(
      'sh',
      ['-c', 'exec "$@" 2>&1', 'sh', process.execPath, binPath(), 'demo', '--json', '--runtime', RUNTIME],
      { reject: false, timeout: 240_000 },
    );
    expect(run.exitCode, run.stdout).toBe(0);
    const lines = run.stdout.split('\n');
    // The captures outlive the lab: the last line, below the proof, says where they are.
    const kept = /^pcaps kept in (\/\S+\/artifacts\/article-\w+)$/.exec(lines.at(-1) ?? '');
    expect(kept, run.stdout).not.toBeNull();
    expect(readdirSync(kept?.[1] ?? '', { recursive: true }).some((f) => String(f).endsWith('.pcap'))).toBe(
      true,
    );
    const json = JSON.parse(lines.slice(lines.indexOf('{'), lines.lastIndexOf('}') + 1).join('\n')) as {
      runtime: string;
      before: DemoFlow[];
      after: DemoFlow[];
    };
    expect(json.runtime).toBe(RUNTIME);
    const expected = ['isp1', 'isp2', 'isp3'].flatMap((uplink) =>
      ['forward', 'icmp', 'tcp', 'udp'].flatMap((protocol) =>
        ['ipv4', 'ipv6'].map((family) => ({ uplink, protocol, family })),
      ),
    );
    const sorted = (flows: DemoFlow[]) => flows.map(row).sort();
    expect(sorted(json.before)).toEqual(
      expected.map((f) => row({ ...f, ok: f.uplink === 'isp1', replyVia: 'isp1' })).sort(),
    );
    expect(sorted(json.after)).toEqual(
      expected.map((f) => row({ ...f, ok: true, replyVia: f.uplink })).sort(),
    );
  });
});
