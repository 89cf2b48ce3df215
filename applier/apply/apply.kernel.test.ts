import { readdirSync, rmSync, symlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyHost, loadConfigFor, planHost, removeHost, statusHost } from '../index.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { disposedAfterEach, kernelSnapshot, type NetnsHost } from './test-support/netns-host.js';

const host = disposedAfterEach();

function counting(inner: CommandRunner): CommandRunner & { argvs: string[][] } {
  const argvs: string[][] = [];
  return {
    where: inner.where,
    argvs,
    run: (argv, options) => {
      argvs.push([...argv]);
      return inner.run(argv, options);
    },
    hold: (argv, readyLine) => inner.hold(argv, readyLine),
  };
}

describe('apply in a namespace', () => {
  it('applies, then plans nothing, and a second apply runs reads only', async () => {
    const h = host('ap');
    const config = await loadConfigFor(h.runner, h.configPath);
    const first = await applyHost(h.runner, config);
    expect(first.changes.length).toBeGreaterThan(0);
    expect(h.sh(['ip', '-4', 'rule', 'show'])).toContain('from 10.201.1.20 lookup');
    expect(h.sh(['ip', '-4', 'address', 'show', 'dev', 'eth0'])).toContain('10.201.1.20/24');
    expect((await planHost(h.runner, h.configPath)).changes).toEqual([]);
    const counted = counting(h.runner);
    // A runner without runList of its own gets every command of a list one by one, each seen as itself.
    const second = await applyHost(counted, config);
    expect(second.changes).toEqual([]);
    const writes = counted.argvs.filter(isWrite);
    expect(counted.argvs.length).toBeGreaterThan(0);
    expect(writes).toEqual([]);
  });

  it('keeps foreign rules, tables and nft tables through apply and remove, and remove restores everything', async () => {
    const h = host('rm');
    const before = kernelSnapshot(h);
    await applyHost(h.runner, await loadConfigFor(h.runner, h.configPath));
    const applied = kernelSnapshot(h);
    expect(applied.rules4).toContain('"priority":500');
    expect(applied.rules4).toContain('"priority":20000');
    expect(applied.routes4).toContain('10.99.0.0/16');
    expect(applied.nft).toContain('"name": "foreign"');
    expect(applied.nft).toContain('"name": "multihome"');
    const removed = await removeHost(h.runner);
    expect(removed.changes.length).toBeGreaterThan(0);
    expect(kernelSnapshot(h)).toEqual(before);
    expect((await statusHost(h.runner)).configFile).toBeNull();
  });

  it('repairs exactly the drift: one deleted rule comes back as one change', async () => {
    const h = host('dr');
    const config = await loadConfigFor(h.runner, h.configPath);
    await applyHost(h.runner, config);
    const rules = JSON.parse(h.sh(['ip', '-j', '-N', '-4', 'rule', 'show'])) as {
      priority: number;
      protocol?: string;
    }[];
    const rule = rules.find((candidate) => candidate.protocol === '77');
    if (rule === undefined) throw new Error('no rule of multihome found');
    h.sh(['ip', '-4', 'rule', 'del', 'pref', String(rule.priority)]);
    const status = await statusHost(h.runner);
    expect(status.drift.map((change) => `${change.action} ${change.kind}`)).toEqual(['add rule']);
    const repaired = await applyHost(h.runner, config);
    expect(repaired.changes).toEqual(status.drift);
    expect((await statusHost(h.runner)).drift).toEqual([]);
  });

  it('manages two namespaces independently', async () => {
    const one = host('n1');
    const two = host('n2');
    await applyHost(one.runner, await loadConfigFor(one.runner, one.configPath));
    const twoBefore = kernelSnapshot(two);
    await applyHost(two.runner, await loadConfigFor(two.runner, two.configPath));
    await removeHost(two.runner);
    expect(kernelSnapshot(two)).toEqual(twoBefore);
    expect((await statusHost(one.runner)).drift).toEqual([]);
    expect((await statusHost(one.runner)).configFile).toBe(one.configPath);
  });
});

describe('the protocol-name file', () => {
  it("goes with its namespace's remove, though another namespace still has a ledger", async () => {
    const own = host('pf1');
    const other = host('pf2');
    await applyHost(other.runner, await loadConfigFor(other.runner, other.configPath));
    await applyHost(own.runner, await loadConfigFor(own.runner, own.configPath));
    await removeHost(own.runner);
    expect(protosFiles(own)).toEqual([]);
    expect(protosFiles(other)).toHaveLength(1);
  });

  it('is one per namespace where namespaces share one /etc, each removed by its own remove', async () => {
    const one = host('ps1');
    const two = host('ps2');
    // As two namespaces without /etc/netns share the host's /etc, without writing there:
    // `ip netns exec` binds the link's target over /etc/iproute2.
    rmSync(`/etc/netns/${two.name}/iproute2`, { recursive: true });
    symlinkSync(`/etc/netns/${one.name}/iproute2`, `/etc/netns/${two.name}/iproute2`);
    await applyHost(one.runner, await loadConfigFor(one.runner, one.configPath));
    await applyHost(two.runner, await loadConfigFor(two.runner, two.configPath));
    expect(protosFiles(one)).toHaveLength(2);
    await removeHost(one.runner);
    expect(protosFiles(two)).toHaveLength(1);
    expect(two.sh(['ip', 'rule', 'list'])).toContain('proto multihome');
    await removeHost(two.runner);
    expect(protosFiles(one)).toEqual([]);
  });
});

/** multihome's protocol-name files in the rt_protos.d the namespace sees. */
function protosFiles(h: NetnsHost): string[] {
  const dir = `/etc/netns/${h.name}/iproute2/rt_protos.d`;
  try {
    return readdirSync(dir).filter((name) => name.startsWith('multihome'));
  } catch {
    return [];
  }
}

function isWrite(argv: readonly string[]): boolean {
  const text = argv.join(' ');
  // Reads go through `ip -json … -batch` too; only a batch without -json changes the kernel.
  return /(^| )ip -[46] -batch|nft -f|nft delete|sysctl .*-w|cat >|mv -f|^rm /.test(text);
}

describe("a namespace that reuses a dead one's inode", () => {
  it('ignores the ledger the dead namespace left behind', async () => {
    const h = host('st');
    const config = await loadConfigFor(h.runner, h.configPath);
    await applyHost(h.runner, config);
    const nsid = h.sh(['readlink', '/proc/self/ns/net']).replace(/\D/g, '');
    // Pretend the ledger directory was written by an earlier namespace with this inode.
    h.sh(['sh', '-c', `echo 1.000000000 > /run/multihome/${nsid}/namespace-born`]);
    const status = await statusHost(h.runner);
    expect(status.configFile).toBeNull();
    expect(status.orphans).toBe(true);
    // Only the lock is kept: a run may hold it while the dead namespace's files go.
    expect(h.sh(['sh', '-c', `ls -A /run/multihome/${nsid} 2>/dev/null || true`])).toBe('lock\n');
  });
});

describe('remove without a ledger', () => {
  it('still finds everything by protocol tag, and with -c also drops the table names', async () => {
    const h = host('nl');
    const before = kernelSnapshot(h);
    const config = await loadConfigFor(h.runner, h.configPath);
    const { nsid } = await applyHost(h.runner, config);
    h.sh(['rm', '-f', `/run/multihome/${nsid}/ledger.json`]);
    const removed = await removeHost(h.runner, config);
    expect(removed.hadLedger).toBe(false);
    const after = kernelSnapshot(h);
    // Without the ledger, the added alias address and changed sysctls are unknown and stay.
    for (const key of ['routes6', 'rules4', 'rules6', 'nft'] as const)
      expect(after[key]).toEqual(before[key]);
    const routes = JSON.parse(h.sh(['ip', '-j', '-N', '-4', 'route', 'show', 'table', 'all'])) as {
      protocol?: string;
    }[];
    expect(routes.filter((route) => route.protocol === '77')).toEqual([]);
    expect(routes.length).toBeGreaterThan(5);
    expect(h.sh(['sh', '-c', `cat /etc/iproute2/rt_tables.d/multihome-${nsid}.conf 2>&1 || true`])).toMatch(
      /No such file/,
    );
  });

  it('refuses a second apply while one waits for confirmation, changing nothing', async () => {
    const h = host('pd');
    const config = await loadConfigFor(h.runner, h.configPath);
    const first = await applyHost(h.runner, config, { confirmSeconds: 60 });
    expect(first.pending?.seconds).toBe(60);
    const applied = kernelSnapshot(h);
    const error = await applyHost(h.runner, config).catch((caught: unknown) => caught);
    expect((error as { code?: string }).code).toBe('USAGE');
    expect(kernelSnapshot(h)).toEqual(applied);
  });
});
