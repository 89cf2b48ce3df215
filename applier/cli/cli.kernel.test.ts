import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { disposedAfterEach, kernelSnapshot } from '../apply/test-support/netns-host.js';
import { applyHost, loadConfigFor } from '../index.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { cliArgv, runCli } from './test-support/run-cli.js';

const host = disposedAfterEach();

/** Polls until `check` holds or the deadline passes (FRR's run_and_expect); never a fixed sleep. */
async function eventually(check: () => boolean, what: string, deadlineMs = 20_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await pause(100);
  }
}

function rollbackRunning(id: string): boolean {
  try {
    return (
      execFileSync('pgrep', ['-f', '--', `rollback --pending ${id}`], { encoding: 'utf8' }).trim() !== ''
    );
  } catch {
    return false; // pgrep exits 1 when nothing matches
  }
}

describe('multihome CLI in a namespace', () => {
  it('plan, apply, plan again, apply again, verify and status agree; remove restores', async () => {
    const h = host('cli');
    const before = kernelSnapshot(h);
    const planned = runCli(['plan', '-c', h.configPath, '--json'], { netns: h.name });
    expect(planned.status).toBe(0);
    const plan = JSON.parse(planned.stdout) as { changes: unknown[] };
    expect(plan.changes.length).toBeGreaterThan(0);
    const applied = runCli(['apply', '-c', h.configPath, '--json'], { netns: h.name, via: 'flag' });
    expect(applied.stderr).toBe('');
    expect(applied.status).toBe(0);
    expect(JSON.parse(applied.stdout)).toEqual(plan);
    expect(JSON.parse(runCli(['plan', '-c', h.configPath, '--json'], { netns: h.name }).stdout)).toEqual({
      changes: [],
    });
    const again = runCli(['apply', '-c', h.configPath], { netns: h.name });
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/No changes/);
    const verified = runCli(['verify', '-c', h.configPath, '--json'], { netns: h.name });
    expect(verified.status).toBe(0);
    const report = JSON.parse(verified.stdout) as {
      ok: boolean;
      uplinks: { name: string; ok: boolean; actual: unknown }[];
    };
    expect(report.ok).toBe(true);
    expect(report.uplinks.map((uplink) => uplink.name)).toEqual(['a', 'b', 'c', 'v6']);
    expect(report.uplinks.find((uplink) => uplink.name === 'b')?.actual).toEqual({
      gateway: '10.201.1.2',
      dev: 'eth0',
    });
    const status = runCli(['status'], { netns: h.name, via: 'flag' });
    expect(status.status).toBe(0);
    expect(status.stdout).toContain('No drift');
    const removed = runCli(['remove'], { netns: h.name });
    expect(removed.status).toBe(0);
    expect(kernelSnapshot(h)).toEqual(before);
    expect(runCli(['remove'], { netns: h.name }).stdout).toContain('Nothing to remove');
  });

  it('status reports a deleted rule as drift (exit 1), plan shows one change, apply repairs it', () => {
    const h = host('cld');
    expect(runCli(['apply', '-c', h.configPath], { netns: h.name }).status).toBe(0);
    const rules = JSON.parse(h.sh(['ip', '-j', '-N', '-4', 'rule', 'show'])) as {
      priority: number;
      protocol?: string;
    }[];
    const owned = rules.find((rule) => rule.protocol === '77');
    if (owned === undefined) throw new Error('no rule of multihome found');
    h.sh(['ip', '-4', 'rule', 'del', 'pref', String(owned.priority)]);
    const status = runCli(['status', '--json'], { netns: h.name });
    expect(status.status).toBe(1);
    expect((JSON.parse(status.stdout) as { drift: unknown[] }).drift).toHaveLength(1);
    expect(status.stderr).toMatch(/drift/);
    const plan = JSON.parse(runCli(['plan', '-c', h.configPath, '--json'], { netns: h.name }).stdout) as {
      changes: { action: string; kind: string; object: { priority: number } }[];
    };
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({
      action: 'add',
      kind: 'rule',
      object: { priority: owned.priority },
    });
    expect(runCli(['apply', '-c', h.configPath], { netns: h.name }).status).toBe(0);
    expect(runCli(['status'], { netns: h.name }).status).toBe(0);
  });

  it('verify exits 1 when an uplink table lost its default route', () => {
    const h = host('clv');
    expect(runCli(['apply', '-c', h.configPath], { netns: h.name }).status).toBe(0);
    const routes = JSON.parse(h.sh(['ip', '-j', '-N', '-4', 'route', 'show', 'table', 'all'])) as {
      dst: string;
      gateway?: string;
      table?: string;
      protocol?: string;
    }[];
    const bDefault = routes.find((route) => route.dst === 'default' && route.gateway === '10.201.1.2');
    if (bDefault?.table === undefined) throw new Error('no default route of uplink b found');
    h.sh(['ip', 'route', 'del', 'default', 'table', bDefault.table]);
    const verified = runCli(['verify', '-c', h.configPath, '--json'], { netns: h.name });
    expect(verified.status).toBe(1);
    const report = JSON.parse(verified.stdout) as { ok: boolean; uplinks: { name: string; ok: boolean }[] };
    expect(report.ok).toBe(false);
    expect(report.uplinks.filter((uplink) => !uplink.ok).map((uplink) => uplink.name)).toEqual(['b']);
  });

  it('apply --confirm 4 rolls back by itself without confirm', async () => {
    const h = host('clr');
    const before = kernelSnapshot(h);
    // The window must outlast apply's end and the snapshot below on a loaded machine, or the
    // rollback could come first and the change would never be seen.
    const applied = runCli(['apply', '-c', h.configPath, '--confirm', '4', '--json'], { netns: h.name });
    expect(applied.status).toBe(0);
    const { pending } = JSON.parse(applied.stdout) as { pending: { id: string } };
    expect(kernelSnapshot(h)).not.toEqual(before);
    await eventually(() => JSON.stringify(kernelSnapshot(h)) === JSON.stringify(before), 'the rollback');
    await eventually(() => !rollbackRunning(pending.id), 'the rollback process to end');
    const late = runCli(['confirm'], { netns: h.name });
    expect(late.status).toBe(1);
    expect(late.stderr).toMatch(/already rolled back/);
    expect(kernelSnapshot(h)).toEqual(before);
  });

  it('apply --confirm stays when confirm comes in time', async () => {
    const h = host('clc');
    // A window far longer than this test waits: the rollback process must end because confirm came,
    // within a second or two, and not because its time ran out.
    const applied = runCli(['apply', '-c', h.configPath, '--confirm', '300', '--json'], {
      netns: h.name,
      via: 'flag',
    });
    expect(applied.status).toBe(0);
    const { pending } = JSON.parse(applied.stdout) as { pending: { id: string } };
    const after = kernelSnapshot(h);
    const confirmed = runCli(['confirm'], { netns: h.name });
    expect(confirmed.status).toBe(0);
    await eventually(() => !rollbackRunning(pending.id), 'the rollback process to end');
    expect(kernelSnapshot(h)).toEqual(after);
    expect(runCli(['confirm'], { netns: h.name }).status).toBe(1);
  });

  it('--absent-interfaces wait applies the uplinks whose interface is there, as the boot unit does', () => {
    const h = host('cla');
    h.sh(['ip', 'link', 'del', 'eth1']);
    // From a shell, a missing interface is most often a typo: refused, nothing changed.
    const refused = runCli(['apply', '-c', h.configPath], { netns: h.name });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/interface eth1 does not exist on this host/);
    const applied = runCli(['apply', '-c', h.configPath, '--absent-interfaces', 'wait'], { netns: h.name });
    expect(applied.stderr).toBe('');
    expect(applied.status).toBe(0);
    expect(applied.stdout).toContain(
      '# c: interface eth1 is not on this host; its address and routes wait for it',
    );
    expect(h.sh(['ip', '-4', 'rule', 'show'])).toContain('from 10.201.1.10 lookup');
    const planned = runCli(['plan', '-c', h.configPath, '--json', '--absent-interfaces', 'wait'], {
      netns: h.name,
    });
    expect(JSON.parse(planned.stdout)).toEqual({
      changes: [],
      waiting: [
        { uplink: 'c', interface: 'eth1' },
        { uplink: 'v6', interface: 'eth1' },
      ],
    });
    const status = runCli(['status', '--json'], { netns: h.name });
    expect(status.status).toBe(0);
    expect((JSON.parse(status.stdout) as { waiting: unknown }).waiting).toEqual([
      { uplink: 'c', interface: 'eth1' },
      { uplink: 'v6', interface: 'eth1' },
    ]);
    // verify: the typo guard too, then a failure of the host (exit 1) that names who waits.
    expect(runCli(['verify', '-c', h.configPath], { netns: h.name }).status).toBe(2);
    const verified = runCli(['verify', '-c', h.configPath, '--absent-interfaces', 'wait'], { netns: h.name });
    expect(verified.status).toBe(1);
    expect(verified.stdout).toContain('✖ c: interface eth1 is not on this host; its replies wait for it');
    expect(verified.stdout).toContain('✔ a: 1.1.1.1 from 10.201.1.10 → via 10.201.1.1 dev eth0');
    expect(verified.stderr).toContain('verify: c, v6 wait for an interface this host does not have');
    const report = JSON.parse(
      runCli(['verify', '-c', h.configPath, '--json', '--absent-interfaces', 'wait'], { netns: h.name })
        .stdout,
    ) as { ok: boolean; uplinks: { name: string; ok: boolean; waiting?: true }[] };
    expect(report.ok).toBe(false);
    expect(report.uplinks.filter((u) => u.waiting).map((u) => u.name)).toEqual(['c', 'v6']);
    expect(report.uplinks.filter((u) => !u.waiting).every((u) => u.ok)).toBe(true);
    expect(
      runCli(['apply', '-c', h.configPath, '--absent-interfaces', 'maybe'], { netns: h.name }).status,
    ).toBe(2);
    expect(runCli(['remove'], { netns: h.name }).status).toBe(0);
  });

  it('remove while an interface is gone takes the rest away and says what it could not put back', () => {
    const h = host('clg');
    expect(runCli(['apply', '-c', h.configPath], { netns: h.name }).status).toBe(0);
    // The PPP session ends: eth1 goes, and with it the boot default apply displaced.
    h.sh(['ip', 'link', 'del', 'eth1']);
    const removed = runCli(['remove'], { netns: h.name });
    expect(removed.stderr).toBe('');
    expect(removed.status).toBe(0);
    expect(removed.stdout).toContain(
      '# did not re-add the displaced default via 10.201.2.1 dev eth1: eth1 is not on this host now',
    );
    for (const argv of [
      ['ip', 'rule', 'show'],
      ['ip', '-6', 'rule', 'show'],
      ['ip', 'route', 'show', 'table', 'all'],
      ['ip', '-6', 'route', 'show', 'table', 'all'],
    ])
      expect(h.sh(argv)).not.toContain('proto multihome');
    expect(h.sh(['nft', 'list', 'tables'])).not.toContain('multihome');
    expect(runCli(['status', '--json'], { netns: h.name }).status).toBe(0);
  });

  it('usage and config errors exit 2 and change nothing', () => {
    const h = host('cle');
    const before = kernelSnapshot(h);
    const bad = join(h.dir, 'bad.yaml');
    writeFileSync(
      bad,
      'uplinks:\n  - name: a\n    interface: eth0\n    address: 10.201.1.10/24\n    gateway: 10.9.9.1\n',
    );
    const cases: string[][] = [
      ['apply', '-c', bad],
      ['apply', '-c', join(h.dir, 'missing.yaml')],
      ['apply'],
      ['apply', '-c', h.configPath, '--confirm', 'soon'],
      ['apply', '-c', h.configPath, '--no-such-option'],
      ['plan', '-c', bad, '--json'],
      ['verify', '-c', bad],
    ];
    for (const args of cases) {
      const run = runCli(args, { netns: h.name });
      expect({ args, status: run.status }).toEqual({ args, status: 2 });
      expect(run.stderr.trim()).not.toBe('');
    }
    expect(runCli(['apply', '-c', h.configPath], { netns: 'mh-no-such-namespace', via: 'flag' }).status).toBe(
      2,
    );
    // The file as the user named it, as the README shows: `plan -c bad.yaml` → `bad.yaml:5:14`.
    const relative = runCli(['plan', '-c', 'bad.yaml'], { netns: h.name, cwd: h.dir });
    expect(relative.stderr).toMatch(/^multihome: bad\.yaml: one problem\n✖ .* \(bad\.yaml:5:14\)\n$/);
    expect(runCli(['confirm'], { netns: h.name }).status).toBe(1);
    expect(kernelSnapshot(h)).toEqual(before);
  });
});

describe('apply --confirm when the applying process dies halfway', () => {
  it('the rollback process started before the first change restores the namespace', async () => {
    const h = host('cdie');
    const before = kernelSnapshot(h);
    const config = await loadConfigFor(h.runner, h.configPath);
    // From the nft step on, this runner acts like a killed process: nothing it is asked runs. It has no
    // runList of its own, so the steps of a list reach it one by one and it can die between two of them.
    let dead = false;
    const dying: CommandRunner = {
      where: h.runner.where,
      run: async (argv, options) => {
        if (argv.join(' ') === 'nft -f -') dead = true;
        return dead ? { stdout: '', stderr: 'killed\n', exitCode: 137 } : h.runner.run(argv, options);
      },
      hold: (argv, readyLine) => h.runner.hold(argv, readyLine),
    };
    // A stand-in for the applying process, killed once the apply is over (as if it had died).
    const applier = spawn('sleep', ['600'], { stdio: 'ignore' });
    const onPending = (pending: { id: string; seconds: number }) => {
      const rollback = [
        'rollback',
        '--pending',
        pending.id,
        '--after',
        '1',
        '--wait-for',
        String(applier.pid),
      ];
      const [file, ...args] = ['ip', 'netns', 'exec', h.name, ...cliArgv(rollback)];
      spawn(file ?? 'false', args, { detached: true, stdio: 'ignore' }).unref();
    };
    try {
      const error = await applyHost(dying, config, { confirmSeconds: 1, onPending }).catch(
        (caught: unknown) => caught,
      );
      expect((error as { code?: string }).code).toBe('ROLLBACK_FAILED');
      expect(kernelSnapshot(h)).not.toEqual(before);
      applier.kill();
      await eventually(
        () => JSON.stringify(kernelSnapshot(h)) === JSON.stringify(before),
        'the rollback process',
      );
    } finally {
      applier.kill();
    }
  });
});
