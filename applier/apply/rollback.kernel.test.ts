import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { MultihomeError } from '../errors.js';
import { applyHost, loadConfigFor, readHost, removeHost } from '../index.js';
import type { CommandResult, CommandRunner, HeldCommand, RunOptions } from '../runner/command-runner.js';
import { FailingRunner, type InjectedFailure } from '../test-support/failing-runner.js';
import { createNetnsHost, kernelSnapshot, type NetnsHost, TEST_CONFIG } from './test-support/netns-host.js';

const hosts: NetnsHost[] = [];
afterEach(() => {
  for (const host of hosts.splice(0)) host.dispose();
});

const text = (argv: readonly string[]) => argv.join(' ');
const ipBatch = (family: 4 | 6) => (argv: readonly string[]) => text(argv) === `ip -${family} -batch -`;

// Each failure point of a first apply: [what, injected failure, step the error must name].
const failurePoints: [string, InjectedFailure, string][] = [
  [
    'the sysctl step',
    { match: (argv) => text(argv).includes('shift 2') && text(argv).includes('/rp_filter') },
    'set sysctls',
  ],
  ['the address batch', { match: ipBatch(4), nth: 1 }, 'add addresses (IPv4)'],
  [
    'half of the IPv4 route/rule batch',
    { match: ipBatch(4), nth: 2, mode: 'partial' },
    'add routes and rules (IPv4)',
  ],
  ['the IPv6 batch after it ran', { match: ipBatch(6), mode: 'after' }, 'add routes and rules (IPv6)'],
  ['the nft transaction', { match: (argv) => text(argv) === 'nft -f -' }, 'load nftables table'],
  [
    'the ledger write',
    { match: (argv) => text(argv).includes('ledger.json') && text(argv).includes('dd of=') },
    'ledger',
  ],
  // What a `sh` killed in its last step leaves: the ledger (or the commit) was written, the script died.
  [
    'the ledger write after it ran',
    { match: (argv) => text(argv).includes('ledger.json') && text(argv).includes('dd of='), mode: 'after' },
    'ledger',
  ],
  [
    'the commit after it ran',
    { match: (argv) => /^rm -f -- \S+\/intent\.json$/.test(text(argv)), mode: 'after' },
    'commit',
  ],
];

function withoutNftHandles(snapshot: Record<string, string>): Record<string, string> {
  return { ...snapshot, nft: (snapshot.nft ?? '').replace(/"handle": \d+/g, '"handle": 0') };
}

describe('apply is a transaction', () => {
  it.each(failurePoints)(
    'a failure at %s leaves the namespace byte-identical',
    async (_what, failure, step) => {
      const host = createNetnsHost('tx');
      hosts.push(host);
      const config = await loadConfigFor(host.runner, host.configPath);
      const before = kernelSnapshot(host);
      const runner = new FailingRunner(host.runner, failure);
      const error = await applyHost(runner, config).catch((caught: unknown) => caught);
      expect(runner.failed).not.toBeNull();
      expect(error).toBeInstanceOf(MultihomeError);
      expect((error as MultihomeError).code).toBe('APPLY_FAILED');
      expect((error as MultihomeError).source).toBe('system');
      expect((error as MultihomeError).message).toContain(step);
      expect(kernelSnapshot(host)).toEqual(before);
      // The host was put back, so was what multihome owns there: nothing, as before the apply.
      expect((await readHost(host.runner)).records.ledger).toBeNull();
    },
  );

  it('a failed change of an applied config restores the applied state, deleted addresses and rules included', async () => {
    const host = createNetnsHost('tx2');
    hosts.push(host);
    await applyHost(host.runner, await loadConfigFor(host.runner, host.configPath));
    const applied = kernelSnapshot(host);
    // Drop uplink b (its alias address, rules and table go) and move the default to c.
    const smaller = TEST_CONFIG.replace(/ {2}- name: b\n(?: {4}.*\n)+/, '').replace(
      'default: a',
      'default: c',
    );
    writeFileSync(host.configPath, smaller);
    const config = await loadConfigFor(host.runner, host.configPath);
    // The last step: deleting b's alias address (with promote_secondaries held at 1).
    const runner = new FailingRunner(host.runner, {
      match: (argv) => text(argv).includes('promote_secondaries') && text(argv).includes('ip -4 -batch'),
      mode: 'after',
    });
    const error = await applyHost(runner, config).catch((caught: unknown) => caught);
    expect(runner.failed).not.toBeNull();
    expect((error as MultihomeError).code).toBe('APPLY_FAILED');
    expect((error as MultihomeError).message).toContain('delete');
    // multihome's table was replaced and then restored, so only its nft handle numbers may differ.
    expect(withoutNftHandles(kernelSnapshot(host))).toEqual(withoutNftHandles(applied));
  });

  it('rolls back when the host read back does not match, though every step said it succeeded', async () => {
    const host = createNetnsHost('tx4');
    hosts.push(host);
    const config = await loadConfigFor(host.runner, host.configPath);
    const before = kernelSnapshot(host);
    // The IPv4 route/rule batch exits 0 without running: only the read-back can tell.
    const runner = new FailingRunner(host.runner, { match: ipBatch(4), nth: 2, mode: 'skipped' });
    const error = await applyHost(runner, config).catch((caught: unknown) => caught);
    expect(runner.failed).not.toBeNull();
    expect((error as MultihomeError).code).toBe('APPLY_FAILED');
    expect((error as MultihomeError).message).toMatch(
      /does not match the plan after its steps ran \(\d+ change\(s\) still needed: add route/,
    );
    expect(kernelSnapshot(host)).toEqual(before);
    expect((await readHost(host.runner)).records).toMatchObject({ ledger: null, intent: null });
  });

  it('reports ROLLBACK_FAILED with both causes when the restore cannot finish', async () => {
    const host = createNetnsHost('tx3');
    hosts.push(host);
    const config = await loadConfigFor(host.runner, host.configPath);
    const failing = new FailingRunner(host.runner, { match: (argv) => text(argv) === 'nft -f -' });
    const runner = new FailingRunner(failing, { match: (argv) => argv.includes('-force'), mode: 'before' });
    const error = await applyHost(runner, config).catch((caught: unknown) => caught);
    expect((error as MultihomeError).code).toBe('ROLLBACK_FAILED');
    expect((error as MultihomeError).message).toContain('load nftables table');
    expect((error as MultihomeError).message).toMatch(/still different: .*rule extra/);
  });

  it('remove is a transaction too: a failure halfway puts the applied state back, and says "remove failed"', async () => {
    const host = createNetnsHost('tx4');
    hosts.push(host);
    await applyHost(host.runner, await loadConfigFor(host.runner, host.configPath));
    const applied = kernelSnapshot(host);
    // remove deletes routes and rules in one IPv4 batch; half of it runs, then it fails.
    const runner = new FailingRunner(host.runner, { match: ipBatch(4), mode: 'partial' });
    const error = await removeHost(runner).catch((caught: unknown) => caught);
    expect(runner.failed).not.toBeNull();
    expect((error as MultihomeError).code).toBe('APPLY_FAILED');
    expect((error as MultihomeError).message).toContain('remove failed');
    expect((error as MultihomeError).message).toContain('restored to its state before remove');
    expect((error as MultihomeError).message).not.toContain('apply failed');
    expect(withoutNftHandles(kernelSnapshot(host))).toEqual(withoutNftHandles(applied));
  });

  it('a step that exits 0 but leaves the host short of the config fails the read-back and rolls back', async () => {
    const host = createNetnsHost('tx5');
    hosts.push(host);
    const config = await loadConfigFor(host.runner, host.configPath);
    const before = kernelSnapshot(host);
    const runner = new SilentlyShortRunner(host.runner, ipBatch(4), 2);
    const error = await applyHost(runner, config).catch((caught: unknown) => caught);
    expect(runner.dropped).not.toEqual([]);
    expect(error).toBeInstanceOf(MultihomeError);
    expect((error as MultihomeError).code).toBe('APPLY_FAILED');
    expect((error as MultihomeError).message).toContain('does not match the plan after its steps ran');
    expect(kernelSnapshot(host)).toEqual(before);
  });
});

// A runner whose Nth matching batch runs only its first half and still exits 0: a kernel or tool that
// silently did less than asked (as deleting a primary address once took its secondaries along).
class SilentlyShortRunner implements CommandRunner {
  readonly where: string;
  dropped: string[] = [];
  #seen = 0;

  constructor(
    readonly inner: CommandRunner,
    readonly match: (argv: readonly string[]) => boolean,
    readonly nth: number,
  ) {
    this.where = inner.where;
  }

  async run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    if (!this.match(argv) || options.input === undefined || ++this.#seen !== this.nth)
      return this.inner.run(argv, options);
    const lines = options.input.split('\n').filter((line) => line !== '');
    const kept = lines.slice(0, Math.ceil(lines.length / 2));
    this.dropped = lines.slice(kept.length);
    return this.inner.run(argv, { ...options, input: `${kept.join('\n')}\n` });
  }

  hold(argv: readonly string[], readyLine: string): Promise<HeldCommand> {
    return this.inner.hold(argv, readyLine);
  }
}
