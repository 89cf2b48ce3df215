import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, MultihomeError } from '../../applier/index.js';
import type { FlowRun } from '../../lab/index.js';
import { defaultTopology, flowSpecs, judgeFlows } from '../../lab/index.js';
import { fixFailedLine, interpreterOf } from './apply-test-fix.js';
import { type TestRun, testExitCode } from './run-test.js';
import { readTestInputs } from './test-inputs.js';
import { testReportJson, testReportText } from './test-report.js';

// The harness's pure parts: input checks (before any lab exists), the exit code and the reports.
describe('multihome test inputs', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mh-inputs-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const refusal = async (options: Parameters<typeof readTestInputs>[0]) =>
    readTestInputs(options).then(
      () => 'accepted',
      (error: unknown) => {
        if (!(error instanceof MultihomeError) || error.source !== 'user') throw error;
        return error.message;
      },
    );

  it('defaults to the article topology and the derived fix on Docker', async () => {
    const inputs = await readTestInputs({});
    expect([inputs.topology.name, inputs.topologyFile, inputs.fix.kind, inputs.runtime]).toEqual([
      'article',
      null,
      'derived',
      'docker',
    ]);
  });

  it('with --config and no --topology, shapes the lab like the config', async () => {
    const config = new URL('../../applier/config/examples/article.yaml', import.meta.url).pathname;
    const inputs = await readTestInputs({ config });
    expect(inputs.fix.kind).toBe('config');
    expect(inputs.topologyFile).toBeNull();
    expect(inputs.topology.isps.map((isp) => [isp.name, isp.routerAddresses])).toEqual([
      ['isp1', ['198.51.100.10']],
      ['isp2', ['192.0.2.10']],
      ['isp3', ['203.0.113.10']],
    ]);
  });

  it('refuses a config no lab can be shaped like at its line, and takes it on a given topology', async () => {
    const onlink = join(dir, 'onlink.yaml');
    await writeFile(
      onlink,
      'uplinks:\n  - name: a\n    interface: eth0\n    address: 198.51.100.10/32\n    gateway: 198.51.100.1\n    onlink: true\n',
    );
    const error = await readTestInputs({ config: onlink }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      expect.objectContaining({ line: 5, path: ['uplinks', 0, 'gateway'] }),
    ]);
    const onTopology = await readTestInputs({
      config: onlink,
      topology: 'lab/topology/examples/article.yaml',
    });
    expect(onTopology.topology.name).toBe('article');
  });

  it("refuses a config using an interface the topology's router lacks, at the config's line", async () => {
    const config = join(dir, 'eth9.yaml');
    await writeFile(
      config,
      'uplinks:\n  - name: a\n    interface: eth9\n    address: 198.51.100.10/24\n    gateway: 198.51.100.1\n',
    );
    const error = await readTestInputs({ config, topology: 'lab/topology/examples/article.yaml' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(`interface eth9 does not exist`);
    expect((error as ConfigError).issues).toEqual([
      expect.objectContaining({ line: 3, path: ['uplinks', 0, 'interface'] }),
    ]);
    expect((error as ConfigError).file).toBe(config);
  });

  it('refuses two fixes at once, a bad runtime and a bad timeout', async () => {
    expect(await refusal({ config: 'a.yaml', fix: false })).toMatch(/exclude each other/);
    expect(await refusal({ runtime: 'qemu' })).toMatch(/--runtime qemu: use docker or netns/);
    expect(await refusal({ script: 'x.sh', scriptTimeout: '0' })).toMatch(/--script-timeout 0/);
    expect(await refusal({ fix: false, scriptTimeout: '5' })).toBe('--script-timeout goes with --script');
    expect(await refusal({ config: 'a.yaml', scriptTimeout: '5' })).toBe(
      '--script-timeout goes with --script',
    );
  });

  it('names the line of a config error, and of a script sh -n rejects', async () => {
    const config = join(dir, 'bad.yaml');
    await writeFile(
      config,
      'uplinks:\n  - name: isp1\n    interface: eth0\n    address: 300.1.1.1/24\n    gateway: 1.2.3.4\n',
    );
    const error = await readTestInputs({ config }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.some((issue) => issue.line === 4)).toBe(true);
    const script = join(dir, 'bad.sh');
    await writeFile(script, 'ip rule add from 192.0.2.10 table 102\nfi\n');
    expect(await refusal({ script })).toContain(`${script}:2`);
    expect(await refusal({ script: join(dir, 'missing.sh') })).toMatch(
      /script .*missing\.sh \(--script\) does not exist/,
    );
  });

  it('refuses a FIFO as script or config at once, naming its file and option', {
    timeout: 10_000,
  }, async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal({ script: fifo })).toContain(
      `script ${fifo} (--script) is a FIFO, not a regular file`,
    );
    expect(await refusal({ topology: fifo })).toContain(`topology file ${fifo} (--topology) is a FIFO`);
    // With --topology the config is read only as the fix, by the harness's own reader.
    const config = await refusal({ topology: 'lab/topology/examples/article.yaml', config: fifo });
    expect(config).toContain(`config file ${fifo} (--config) is a FIFO, not a regular file`);
  });

  it('runs a script with its #! interpreter, else sh', () => {
    expect(interpreterOf('#!/usr/bin/env bash\nset -e\n')).toEqual(['/usr/bin/env', 'bash']);
    expect(interpreterOf('#! /bin/sh -e\n')).toEqual(['/bin/sh', '-e']);
    expect(interpreterOf('ip rule\n#!/bin/bash\n')).toEqual(['sh']);
  });
});

describe('multihome test reports', () => {
  const topology = defaultTopology();
  const specs = flowSpecs(topology, { protocols: ['icmp'], uplinks: ['isp1', 'isp2'] });
  const runs = (right: (uplink: string) => boolean): FlowRun[] =>
    specs.map((spec) => ({
      uplink: spec.uplink,
      protocol: spec.protocol,
      family: 'ipv4',
      ok: right(spec.uplink),
      replyVia: right(spec.uplink) ? spec.uplink : 'isp1',
      spec,
      evidence: { client: 'exit 0', gateways: [], decidedBy: 'answer', ms: 5 },
    }));
  const bug = judgeFlows(
    topology,
    runs((u) => u === 'isp1'),
    'before',
  );
  const fixed = judgeFlows(
    topology,
    runs(() => true),
    'after',
  );
  const run = (over: Partial<TestRun>): TestRun => ({
    inputs: { topology, topologyFile: null, fix: { kind: 'derived' }, runtime: 'docker' },
    lab: { name: 'article-x', artifactsDir: '/tmp/x', kept: false },
    before: bug,
    fix: { kind: 'derived', ok: true, ms: 10 },
    after: fixed,
    timings: [],
    ...over,
  });

  it('exits 0 only when the deciding phase holds and the fix ran', () => {
    expect(testExitCode(run({}))).toBe(0);
    expect(
      testExitCode(
        run({
          after: judgeFlows(
            topology,
            runs((u) => u === 'isp1'),
            'after',
          ),
        }),
      ),
    ).toBe(1);
    expect(testExitCode(run({ fix: { kind: 'script', file: 'f.sh', ok: false, exitCode: 3, ms: 1 } }))).toBe(
      1,
    );
    expect(testExitCode(run({ after: null, fix: { kind: 'none', ok: true, ms: 0 } }))).toBe(0);
    expect(testExitCode(run({ after: null, before: fixed }))).toBe(0);
    expect(
      testExitCode(
        run({
          after: null,
          before: judgeFlows(
            topology,
            runs(() => true),
            'before',
          ),
        }),
      ),
    ).toBe(1);
  });

  it('prints {topology, runtime, fix, before, after} as JSON', () => {
    const json = testReportJson(run({}));
    expect(Object.keys(json)).toEqual(['topology', 'runtime', 'fix', 'before', 'after', 'lab', 'exitCode']);
    expect(json.before[1]).toMatchObject({
      uplink: 'isp2',
      family: 'ipv4',
      ok: false,
      replyVia: 'isp1',
      pass: true,
    });
    expect(json.after?.[1]?.expected).toEqual({ ok: true, replyVia: 'isp2' });
  });

  it("prints a failed script's stderr under the before table", () => {
    const text = testReportText(
      run({
        fix: {
          kind: 'script',
          file: 'f.sh',
          ok: false,
          exitCode: 3,
          stderr: 'RTNETLINK answers: File exists\n',
          ms: 1,
        },
      }),
      false,
    );
    expect(text).toContain('fix: script f.sh: FAILED, exited 3\n  stderr: RTNETLINK answers: File exists');
    expect(text).toContain('FAIL: the fix did not complete.');
  });

  it('says a fix failed with its exit code, and a colon only before a stderr it wrote', () => {
    const failed = (stderr?: string) =>
      fixFailedLine({
        kind: 'script',
        ok: false,
        exitCode: 4,
        ms: 1,
        ...(stderr === undefined ? {} : { stderr }),
      });
    expect(failed('')).toBe('the fix failed (exit 4)');
    expect(failed(' \n')).toBe('the fix failed (exit 4)');
    expect(failed()).toBe('the fix failed (exit 4)');
    expect(failed('no table for b\n\n')).toBe('the fix failed (exit 4): no table for b');
  });
});
