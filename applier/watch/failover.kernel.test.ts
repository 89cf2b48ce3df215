import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNetnsHost, type NetnsHost, TEST_CONFIG } from '../apply/test-support/netns-host.js';
import { loadConfigFor, statusHost, verifyHost } from '../index.js';
import { pollUntil } from './test-support/poll.js';
import type { LogEntry } from './watch-log.js';
import { Watcher } from './watcher.js';

const hosts: NetnsHost[] = [];
const watchers: Watcher[] = [];
afterEach(async () => {
  for (const watcher of watchers.splice(0)) await watcher.stop();
  for (const host of hosts.splice(0)) host.dispose();
});

const CHECK = 'check: { targets: [GW], interval: 200ms, timeout: 150ms, down: 2, up: 2 }';
// TEST_CONFIG with every IPv4 uplink probing its own gateway.
function checkedConfig(extra: { a?: string; c?: string; top?: string } = {}): string {
  return `${TEST_CONFIG.replace(
    '    gateway: 10.201.1.1\n',
    `    gateway: 10.201.1.1\n    ${CHECK.replace('GW', '10.201.1.1')}\n${extra.a ?? ''}`,
  )
    .replace(
      '    gateway: 10.201.1.2\n',
      `    gateway: 10.201.1.2\n    ${CHECK.replace('GW', '10.201.1.2')}\n`,
    )
    .replace(
      '    gateway: 10.201.2.1\n',
      `    gateway: 10.201.2.1\n    ${CHECK.replace('GW', '10.201.2.1')}\n${extra.c ?? ''}`,
    )}${extra.top ?? ''}`;
}

async function watched(
  prefix: string,
  config: string,
  log: LogEntry[],
): Promise<{ router: NetnsHost; watcher: Watcher }> {
  const router = createNetnsHost(prefix, config);
  hosts.push(router);
  const watcher = await Watcher.start(router.runner, router.configPath, {
    log: (line) => log.push(line),
    resyncMs: 60_000,
  });
  watchers.push(watcher);
  return { router, watcher };
}

const mainDefault = (router: NetnsHost) =>
  router.sh(['ip', '-4', 'route', 'show', 'table', 'main', 'default']);
// Waits for the main default via `via`; a timeout prints the watch's log first.
const mainDefaultComes = (router: NetnsHost, log: LogEntry[], via: string) =>
  pollUntil(`the main default ${via}`, () => mainDefault(router).includes(via), 5_000).catch((error) => {
    console.log(log.map((line) => `${line.at} ${line.kind} ${line.message}`).join('\n'));
    throw error;
  });
// The gateway dies but its link stays up: the peer drops everything sent to the gateway's address.
const killGateway = (router: NetnsHost, gateway: string) =>
  execIn(
    router.peer,
    ['nft', '-f', '-'],
    `table ip dead-${gateway.replaceAll('.', '-')} { chain input { type filter hook input priority 0; ip daddr ${gateway} drop; }; }`,
  );
const reviveGateway = (router: NetnsHost, gateway: string) =>
  execIn(router.peer, ['nft', 'delete', 'table', 'ip', `dead-${gateway.replaceAll('.', '-')}`]);

// A conntrack entry of an established outbound TCP connection from `address`, as a LAN host's
// masqueraded flow or the router's own would have.
const trackConnection = (router: NetnsHost, address: string) =>
  execIn(router.name, [
    ...['conntrack', '-I', '-p', 'tcp', '-s', address, '-d', '198.18.0.5', '--sport', '40000'],
    ...['--dport', '80', '-r', '198.18.0.5', '-q', address, '--reply-port-src', '80'],
    ...['--reply-port-dst', '40000', '--state', 'ESTABLISHED', '-t', '300', '-u', 'ASSURED'],
  ]);
const trackedTo = (router: NetnsHost, address: string) =>
  router.sh(['conntrack', '-L', '-f', 'ipv4', '--reply-dst', address]);

function execIn(namespace: string, argv: string[], input?: string): void {
  execFileSync('ip', ['netns', 'exec', namespace, ...argv], input === undefined ? {} : { input });
}

describe('health-checked failover', () => {
  it('moves the main default to the next healthy uplink, runs the hook, and comes back after `up` successes', async () => {
    const log: LogEntry[] = [];
    const hookOut = `/tmp/mh-hook-${process.pid}-${Date.now()}`;
    const hook = join('/tmp', `mh-hook-${process.pid}.sh`);
    writeFileSync(
      hook,
      `#!/bin/sh\necho "$MULTIHOME_UPLINK $MULTIHOME_OLD_STATE $MULTIHOME_NEW_STATE" >> ${hookOut}\n`,
      { mode: 0o755 },
    );
    const { router } = await watched(
      'failover',
      checkedConfig({ top: `onChange: ${hook}\nflushOnFailover: true\n` }),
      log,
    );
    expect(mainDefault(router)).toContain('via 10.201.1.1 dev eth0');
    // One tracked outbound connection from a's address and one from b's: the flush takes only a's.
    trackConnection(router, '10.201.1.10');
    trackConnection(router, '10.201.1.20');

    killGateway(router, '10.201.1.1');
    await pollUntil(
      'the main default via b',
      () => mainDefault(router).includes('via 10.201.1.2 dev eth0'),
      5_000,
    );
    // The watch stores its health after the repair that moved the default.
    await pollUntil(
      'a down in the stored health',
      async () => (await statusHost(router.runner)).watch?.health.a?.state === 'down',
      5_000,
    );
    const status = await statusHost(router.runner);
    expect(status.watch?.running).toBe(true);
    expect(status.watch?.health.a?.state).toBe('down');
    expect(status.mainDefault[4]).toEqual(['via 10.201.1.2 dev eth0']);
    expect(status.drift).toEqual([]);
    const verify = await verifyHost(router.runner, await loadConfigFor(router.runner, router.configPath));
    expect(verify.ok).toBe(true);
    expect(verify.mainDefault).toContainEqual({
      family: 4,
      ok: true,
      expected: ['via 10.201.1.2 dev eth0'],
      actual: ['via 10.201.1.2 dev eth0'],
    });
    // Inbound replies never depend on health: a's table and rule stay.
    expect(router.sh(['ip', '-4', 'route', 'show', 'table', '100'])).toContain('default via 10.201.1.1');

    reviveGateway(router, '10.201.1.1');
    await pollUntil(
      'the main default back via a',
      () => mainDefault(router).includes('via 10.201.1.1 dev eth0'),
      5_000,
    );
    await pollUntil(
      'the hook ran twice',
      () => (readFileSafe(hookOut).match(/\n/g) ?? []).length >= 2,
      5_000,
    );
    expect(readFileSafe(hookOut)).toBe('a up down\na down up\n');
    expect(log.some((line) => line.kind === 'health' && line.message === 'a up → down')).toBe(true);
    expect(
      log.some((line) => /^conntrack: [1-9]\d* entries of a \(10\.201\.1\.10\)/.test(line.message)),
    ).toBe(true);
    expect(trackedTo(router, '10.201.1.10')).not.toContain('dport=80 ');
    expect(trackedTo(router, '10.201.1.20')).toContain('dport=80 ');
    rmSync(hook, { force: true });
    rmSync(hookOut, { force: true });
  });

  it('balances over healthy weighted uplinks, and falls back by failover order when one dies', async () => {
    const log: LogEntry[] = [];
    const { router } = await watched(
      'balance',
      checkedConfig({ a: '    weight: 2\n', c: '    weight: 1\n', top: 'failover: [a, c, b]\n' }),
      log,
    );
    const multipath = mainDefault(router);
    expect(multipath).toMatch(/nexthop via 10\.201\.1\.1 dev eth0 weight 2/);
    expect(multipath).toMatch(/nexthop via 10\.201\.2\.1 dev eth1 weight 1/);
    expect(router.sh(['sysctl', '-n', 'net.ipv4.fib_multipath_hash_policy']).trim()).toBe('1');
    killGateway(router, '10.201.2.1');
    await pollUntil(
      'the main default via a alone',
      () => /^default via 10\.201\.1\.1 dev eth0/.test(mainDefault(router)),
      5_000,
    );
  });
  it('moves the main default off an uplink whose link is set down, and keeps repairing the rest', async () => {
    const log: LogEntry[] = [];
    const { router } = await watched('linkdown', checkedConfig(), log);
    // `ip link set down` (ifdown, a modem unplugged) takes the kernel's routes via eth0 with it and
    // refuses new ones: the uplinks there must not hold up the repairs of the others.
    router.sh(['ip', 'link', 'set', 'eth0', 'down']);
    await mainDefaultComes(router, log, 'via 10.201.2.1 dev eth1');
    router.sh(['ip', 'rule', 'del', 'pref', '10002']);
    await pollUntil("c's rule back", () => /10002:\s+from 10\.201\.2\.10/.test(router.sh(['ip', 'rule'])));
    router.sh(['ip', 'link', 'set', 'eth0', 'up']);
    await mainDefaultComes(router, log, 'via 10.201.1.1 dev eth0');
    await pollUntil(
      "a's table back",
      () => router.sh(['ip', '-4', 'route', 'show', 'table', '100']).includes('default via 10.201.1.1'),
      5_000,
    );
  });
  it('keeps probing through a link flap: a gateway that dies afterwards is still noticed', async () => {
    const log: LogEntry[] = [];
    const { router } = await watched('flap', checkedConfig(), log);
    router.sh(['ip', 'link', 'set', 'eth0', 'down']);
    router.sh(['ip', 'link', 'set', 'eth0', 'up']);
    await pollUntil(
      'a and b healthy again',
      () => mainDefault(router).includes('via 10.201.1.1 dev eth0'),
      5_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    killGateway(router, '10.201.1.1');
    await mainDefaultComes(router, log, 'via 10.201.1.2 dev eth0');
  });
});

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
