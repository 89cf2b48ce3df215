import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { binPath, requireBuiltCli } from '../../applier/e2e/cli-path.js';
import { Lab } from '../../lab/index.js';
import type { TestReportJson } from '../harness/test-report.js';
import { scenarioRuntime } from '../support/lab-entry.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const TWO = fixture('two-isps.yaml');

// The lab project runs this file on Docker, the kernel project on netns.
const RUNTIME = scenarioRuntime();

/** The shipped CLI, as a user runs it; `test` gets the project's runtime. */
async function multihome(args: readonly string[]) {
  const argv = args[0] === 'test' ? [...args, '--runtime', RUNTIME] : args;
  const result = await execa(process.execPath, [binPath(), ...argv], { reject: false, timeout: 240_000 });
  return { code: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function report(stdout: string): TestReportJson {
  return JSON.parse(stdout) as TestReportJson;
}

const rows = (flows: TestReportJson['before'] | null) =>
  (flows ?? []).map(
    (f) =>
      `${f.from ? 'out' : f.uplink}/${f.protocol}/${f.family} ${f.ok ? 'ok' : 'no'} via ${f.replyVia} ${f.pass ? 'pass' : 'FAIL'}`,
  );

// `multihome test` end to end: each run brings up its own lab (named after its topology plus a random
// suffix) and removes it, so the runs go side by side; `expect` is each test's own. Side by side on a
// shared machine a run can take longer than the project's test timeout: each may take as long as
// `multihome` itself is given.
describe.concurrent('multihome test', { timeout: 240_000 }, () => {
  let dir = '';
  beforeAll(async () => {
    await requireBuiltCli();
    dir = await mkdtemp(join(tmpdir(), 'mh-test-cmd-'));
  }, 180_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("default: the article's lab, its derived fix, both families; JSON, JUnit and the HTML report", async ({
    expect,
  }) => {
    // Into a directory that does not exist yet, as CI's `--junit artifacts/x.xml` on a fresh checkout.
    const junit = join(dir, 'artifacts', 'junit.xml');
    const html = join(dir, 'report');
    const run = await multihome(['test', '--json', '--junit', junit, '--report', html]);
    expect(run.code, run.stderr).toBe(0);
    const json = report(run.stdout);
    expect(json).toMatchObject({
      topology: { name: 'article', file: null },
      runtime: RUNTIME,
      fix: { kind: 'derived', ok: true },
    });
    expect(json.before).toHaveLength(24);
    expect(json.before.filter((f) => f.family === 'ipv6')).toHaveLength(12);
    expect(json.before.every((f) => f.pass)).toBe(true);
    expect(
      json.before.filter((f) => !f.ok).every((f) => f.replyVia === 'isp1' && f.evidence.decidedBy === 'drop'),
    ).toBe(true);
    expect(json.after?.every((f) => f.ok && f.replyVia === f.uplink && f.pass)).toBe(true);
    const xml = await readFile(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
    expect(parsed.testsuites['@_tests']).toBe('48');
    expect(parsed.testsuites['@_failures']).toBe('0');
    expect(await readFile(join(html, 'index.html'), 'utf8')).toContain('PASS');
    expect((await Lab.list()).map((lab) => lab.name)).not.toContain(json.lab.name);
    // The lab is gone, its captures are not: the last line says where they are.
    const captures = resolve('artifacts', json.lab.name);
    expect(run.stderr.split('\n').at(-1)).toBe(`pcaps kept in ${captures}`);
    expect((await readdir(captures)).some((file) => file.endsWith('.pcap'))).toBe(true);
  });

  it('--config: the real `multihome apply` inside the router; an outbound expectation holds after it', async ({
    expect,
  }) => {
    const run = await multihome([
      'test',
      '-t',
      TWO,
      '--config',
      fixture('two-isps-multihome.yaml'),
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const json = report(run.stdout);
    expect(json.fix).toMatchObject({ kind: 'config', ok: true, exitCode: 0 });
    expect(rows(json.before)).toEqual([
      'a/icmp/ipv4 ok via a pass',
      'a/tcp/ipv4 ok via a pass',
      'a/udp/ipv4 ok via a pass',
      'b/icmp/ipv4 no via a pass',
      'b/tcp/ipv4 no via a pass',
      'b/udp/ipv4 no via a pass',
      'out/icmp/ipv4 no via a pass',
    ]);
    expect(rows(json.after).every((row) => row.endsWith('pass'))).toBe(true);
  });

  it('--config alone: a lab shaped like a two-LAN config; every forward replies via its arrival uplink after, not before', async ({
    expect,
  }) => {
    const run = await multihome(['test', '--config', 'examples/prod.yaml', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const json = report(run.stdout);
    expect(json).toMatchObject({ topology: { name: 'prod', file: null }, fix: { kind: 'config', ok: true } });
    const forwards = (flows: TestReportJson['before'] | null) =>
      (flows ?? [])
        .filter((f) => f.protocol === 'forward')
        .map((f) => `${f.uplink} ${f.family} ${f.port}→${f.to} ${f.ok ? 'ok' : 'no'} via ${f.replyVia}`);
    const hosts = ['8080→lan:br-lan-server', '8081→lan:dmz-server'];
    const each = (uplink: string, family: string, outcome: (uplink: string) => string) =>
      hosts.map((host) => `${uplink} ${family} ${host} ${outcome(uplink)}`);
    // Before: replies leave by the main default route (dsl; fiber6 for IPv6), and dsl's BCP38 drops
    // those from the fiber addresses. After: each via the uplink it arrived on, to both LANs.
    const viaDsl = (uplink: string) => (uplink === 'dsl' ? 'ok via dsl' : 'no via dsl');
    expect(forwards(json.before)).toEqual([
      ...each('fiber', 'ipv4', viaDsl),
      ...each('fiber-extra', 'ipv4', viaDsl),
      ...each('dsl', 'ipv4', viaDsl),
      ...each('fiber6', 'ipv6', () => 'ok via fiber6'),
    ]);
    expect(forwards(json.after)).toEqual([
      ...['fiber', 'fiber-extra', 'dsl'].flatMap((uplink) => each(uplink, 'ipv4', (u) => `ok via ${u}`)),
      ...each('fiber6', 'ipv6', () => 'ok via fiber6'),
    ]);
    expect(json.after?.every((f) => f.pass)).toBe(true);
  });

  it('a failing script: reported with its stderr, the after phase still runs, exit 1', async ({ expect }) => {
    const script = join(dir, 'half.sh');
    await writeFile(script, 'ip rule add from 192.0.2.10 table 102\necho "no table for b" >&2\nexit 3\n');
    const run = await multihome(['test', '-t', TWO, '--script', script, '--json']);
    expect(run.code).toBe(1);
    const json = report(run.stdout);
    expect(json.fix).toMatchObject({
      kind: 'script',
      ok: false,
      exitCode: 3,
      timedOut: false,
      stderr: 'no table for b\n',
    });
    // The rule points into an empty table, so b's replies fall through to the main default via a.
    expect(json.after?.filter((f) => f.uplink === 'b').every((f) => !f.pass)).toBe(true);
  });

  it('a script that fails without a word: its exit code, and nothing after it', async ({ expect }) => {
    const script = join(dir, 'silent.sh');
    await writeFile(script, 'exit 4\n');
    const run = await multihome(['test', '-t', TWO, '--script', script, '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')).toContain('the fix failed (exit 4)');
  });

  it('a hanging script is stopped at --script-timeout and reported', async ({ expect }) => {
    const script = join(dir, 'hang.sh');
    await writeFile(script, 'sleep 600\n');
    const run = await multihome(['test', '-t', TWO, '--script', script, '--script-timeout', '2', '--json']);
    expect(run.code).toBe(1);
    const json = report(run.stdout);
    expect(json.fix).toMatchObject({ kind: 'script', ok: false, timedOut: true });
    expect(json.fix.stderr).toContain('stopped after 2 s (--script-timeout)');
    expect(json.fix.ms).toBeLessThan(30_000);
    expect(json.after).toHaveLength(7);
  });

  it('--no-fix exits 0 when the bug reproduces; --keep leaves the lab for `lab flows`', async ({
    expect,
  }) => {
    const run = await multihome(['test', '-t', TWO, '--no-fix', '--keep', '--json']);
    const json = report(run.stdout);
    try {
      expect(run.code, run.stderr).toBe(0);
      expect(json.after).toBeNull();
      expect(json.lab.kept).toBe(true);
      const before = await multihome(['lab', 'flows', json.lab.name, '--phase', 'before']);
      expect(before.code, `${before.stdout}${before.stderr}`).toBe(0);
      const junit = join(dir, 'flows', 'flows.xml');
      const after = await multihome(['lab', 'flows', json.lab.name, '--junit', junit]);
      expect(after.code).toBe(1);
      expect(after.stdout).toMatch(/b +tcp +ipv4 +no answer +a +FAIL \(expected answered, via b\)/);
      const parsed = new XMLParser({ ignoreAttributes: false }).parse(await readFile(junit, 'utf8'));
      expect(parsed.testsuites['@_failures']).toBe('4');
      const fix = await multihome([
        'lab',
        'exec',
        json.lab.name,
        'router',
        '--',
        'sh',
        '-c',
        await readFile(fixture('article-style-fix.sh'), 'utf8'),
      ]);
      expect(fix.code, fix.stderr).toBe(0);
      expect((await multihome(['lab', 'flows', json.lab.name])).code).toBe(0);
    } finally {
      await multihome(['lab', 'down', json.lab.name]);
    }
  });

  it('bad input: exit 2 naming file, line and field, and no lab is made', async ({ expect }) => {
    const topology = join(dir, 'bad.yaml');
    const text = (await readFile(TWO, 'utf8'))
      .replace('name: cli-two-isps', 'name: h6-bad-input')
      .replace('via: b', 'via: c');
    await writeFile(topology, text);
    const run = await multihome(['test', '-t', topology]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/"c" names no ISP.*→ at expect\[0\]\.via \(.*bad\.yaml:22:/);
    // A valid topology of its own name: the other tests' two-ISP labs run meanwhile.
    const valid = join(dir, 'broken-script-lab.yaml');
    await writeFile(
      valid,
      (await readFile(TWO, 'utf8')).replace('name: cli-two-isps', 'name: h6-bad-script'),
    );
    const script = join(dir, 'broken.sh');
    await writeFile(script, 'ip rule add from 192.0.2.10 table 102\nif then\n');
    const broken = await multihome(['test', '-t', valid, '--script', script]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.sh:2/);
    // A config for an interface the topology's router lacks: refused at the config's line, not inside the router.
    const config = join(dir, 'eth9.yaml');
    await writeFile(
      config,
      'uplinks:\n  - name: a\n    interface: eth9\n    address: 198.51.100.10/24\n    gateway: 198.51.100.1\n',
    );
    const ownLab = join(dir, 'bad-config-lab.yaml');
    await writeFile(
      ownLab,
      (await readFile(TWO, 'utf8')).replace('name: cli-two-isps', 'name: h6-bad-config'),
    );
    const wrongInterface = await multihome(['test', '-t', ownLab, '--config', config]);
    expect(wrongInterface.code).toBe(2);
    expect(wrongInterface.stderr).toMatch(
      /interface eth9 does not exist.*→ at uplinks\[0\]\.interface \(.*eth9\.yaml:3:16\)/,
    );
    // --script-timeout stops a --script only: with another fix it is refused, not silently ignored.
    for (const fix of [['--no-fix'], ['--config', config]]) {
      const timeout = await multihome(['test', '-t', ownLab, ...fix, '--script-timeout', '5']);
      expect([timeout.code, timeout.stderr]).toEqual([2, 'multihome: --script-timeout goes with --script']);
    }
    const labs = await multihome(['lab', 'ls']);
    expect(labs.stdout).not.toMatch(/^(h6-bad-input|h6-bad-script|h6-bad-config)-/m);
  });

  it('an output it cannot write: exit 2 before any lab is made, not an ENOENT after the run', async ({
    expect,
  }) => {
    const topology = join(dir, 'bad-output-lab.yaml');
    await writeFile(
      topology,
      (await readFile(TWO, 'utf8')).replace('name: cli-two-isps', 'name: h6-bad-output'),
    );
    const junit = await multihome(['test', '-t', topology, '--junit', '/proc/nope/x.xml']);
    expect(junit.stderr).toBe(
      'multihome: test --junit /proc/nope/x.xml: /proc/nope is under /proc, a kernel file system; name a directory on disk; nothing was written',
    );
    expect(junit.code).toBe(2);
    const file = join(dir, 'a-file');
    await writeFile(file, '');
    const report = await multihome(['test', '-t', topology, '--report', join(file, 'report')]);
    expect(report.stderr).toContain(`${file} is a file, not a directory; nothing was written`);
    expect(report.code).toBe(2);
    const labs = await multihome(['lab', 'ls']);
    expect(labs.stdout).not.toMatch(/^h6-bad-output-/m);
  });

  it('Ctrl-C while the flows run removes the lab', async ({ expect }) => {
    const child = spawn(process.execPath, [binPath(), 'test', '-t', TWO, '--runtime', RUNTIME], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const name = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const up = /lab (\S+) is up/.exec(stderr);
        if (up?.[1]) resolve(up[1]);
      });
      child.on('exit', () => reject(new Error(`exited before the lab was up: ${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect((await Lab.list()).map((lab) => lab.name)).not.toContain(name);
    // Nor is anything of its flows left on this host (a netns node shares the host's /tmp).
    expect(readdirSync('/tmp').filter((entry) => entry.includes(`-${name}-`))).toEqual([]);
  });
});
