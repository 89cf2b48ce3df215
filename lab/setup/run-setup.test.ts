import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeHost, fakeHost } from '../../applier/doctor/test-support/fake-host.js';
import { LabError } from '../errors.js';
import { fakeDockerd, fakeEngine, silentEngine } from '../test-support/fake-engine.js';
import { runSetup } from './run-setup.js';

let host: FakeHost;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await host.remove();
});

/** A fake apt-get that logs its argv and "installs" a package by writing its tool into bin/. */
async function fakeApt(host: FakeHost): Promise<string> {
  const calls = join(host.dir, 'apt-calls');
  await host.tool(
    'apt-get',
    `echo "$*" >> '${calls}'
[ "$1" = install ] || exit 0
for pkg in "$@"; do
  case "$pkg" in
    socat|tcpdump|conntrack|debootstrap|chromium) printf '#!/bin/sh\\n' > '${host.bin}'/$pkg; chmod +x '${host.bin}'/$pkg ;;
    iputils-ping) printf '#!/bin/sh\\n' > '${host.bin}'/ping; chmod +x '${host.bin}'/ping ;;
    docker.io) cp '${host.dir}/dockerd.fake' '${host.bin}/dockerd' ;;
  esac
done`,
  );
  return calls;
}

const lines = () => {
  const logged: string[] = [];
  return { logged, log: (line: string) => logged.push(line) };
};

describe('multihome setup', () => {
  it('says there is nothing to do when every check passes, and changes nothing', async () => {
    host = await fakeHost();
    const engine = await fakeEngine(join(host.dir, 'docker.sock'));
    cleanups.push(engine.close);
    const calls = await fakeApt(host);
    const { logged, log } = lines();
    const report = await runSetup(
      { runtimes: ['docker', 'netns'] },
      { context: { ...host.context(), docker: engine.docker }, log },
    );
    expect(report).toMatchObject({ steps: [], ran: false, exitCode: 0 });
    expect(logged.join('\n')).toMatch(/nothing to set up for docker and netns: every check passes/);
    await expect(readFile(calls, 'utf8')).rejects.toThrow();
  });

  it('without root prints the commands, changes nothing and exits 2', async () => {
    host = await fakeHost();
    await rm(join(host.bin, 'socat'));
    await rm(join(host.bin, 'tcpdump'));
    const calls = await fakeApt(host);
    const { logged, log } = lines();
    const report = await runSetup(
      { runtimes: ['netns'] },
      { context: { ...host.context(1000), docker: silentEngine(host.dir) }, log },
    );
    expect(report).toMatchObject({ ran: false, exitCode: 2 });
    expect(logged.join('\n')).toMatch(/not root, so nothing was changed/);
    expect(logged).toContain('  apt-get install -y socat tcpdump');
    await expect(readFile(calls, 'utf8')).rejects.toThrow();
  });

  it('without root and with nothing to install says in one sentence that the netns lab needs root', async () => {
    host = await fakeHost();
    await host.file('proc/self/status', 'CapEff:\t0000000000000000\n');
    const { logged, log } = lines();
    const report = await runSetup(
      { runtimes: ['netns'] },
      { context: { ...host.context(1000), docker: silentEngine(host.dir) }, log },
    );
    expect(report).toMatchObject({ steps: [], ran: false, exitCode: 2 });
    expect(logged).toEqual([
      expect.stringMatching(
        /\] netns needs root or CAP_NET_ADMIN \(uid 1000 without CAP_NET_ADMIN\), which setup cannot install: run the netns lab as root, e\.g\. `sudo multihome lab up --runtime netns`$/,
      ),
    ]);
  });

  it('on a system without apt prints what to install and exits 2', async () => {
    host = await fakeHost();
    await host.file('etc/os-release', 'ID=alpine\nVERSION_ID=3.20\n');
    await rm(join(host.bin, 'conntrack'));
    const { logged, log } = lines();
    const report = await runSetup(
      { runtimes: ['netns'] },
      { context: { ...host.context(), docker: silentEngine(host.dir) }, log },
    );
    expect(report).toMatchObject({ ran: false, exitCode: 2 });
    expect(logged.join('\n')).toMatch(/this is alpine, not Debian or Ubuntu with apt-get/);
    expect(logged).toContain('  apt-get install -y conntrack');
  });

  it('as root on Debian runs apt-get update on an empty apt, installs the missing packages, and logs each step with its time', async () => {
    host = await fakeHost();
    await rm(join(host.bin, 'socat'));
    await rm(join(host.bin, 'ping'));
    const calls = await fakeApt(host);
    const { logged, log } = lines();
    const report = await runSetup(
      { runtimes: ['netns'], tests: true },
      { context: { ...host.context(), docker: silentEngine(host.dir) }, log },
    );
    expect(report).toMatchObject({
      ran: true,
      exitCode: 0,
      steps: [
        {
          kind: 'apt-install',
          packages: [
            'chromium',
            'dnsmasq-base',
            'iputils-ping',
            'isc-dhcp-client',
            'netplan.io',
            'network-manager',
            'socat',
            'systemd',
          ],
        },
      ],
    });
    expect((await readFile(calls, 'utf8')).trim().split('\n')).toEqual([
      'update -qq',
      'install -y -qq chromium dnsmasq-base iputils-ping isc-dhcp-client netplan.io network-manager socat systemd',
    ]);
    expect(
      logged.some((line) =>
        /==> installing chromium dnsmasq-base iputils-ping isc-dhcp-client netplan\.io network-manager socat systemd with apt-get$/.test(
          line,
        ),
      ),
    ).toBe(true);
    expect(
      logged.some((line) =>
        /<== .*: installed chromium, dnsmasq-base, iputils-ping, isc-dhcp-client, netplan\.io, network-manager, socat, systemd \(\d+\.\d s\)$/.test(
          line,
        ),
      ),
    ).toBe(true);
    expect(logged.at(-1)).toMatch(/netns: ready$/);
  });

  it('skips apt-get update when the package lists exist', async () => {
    host = await fakeHost();
    await host.file('var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages', '');
    await rm(join(host.bin, 'tcpdump'));
    const calls = await fakeApt(host);
    await runSetup(
      { runtimes: ['netns'] },
      { context: { ...host.context(), docker: silentEngine(host.dir) }, log: () => {} },
    );
    expect((await readFile(calls, 'utf8')).trim().split('\n')).toEqual(['install -y -qq tcpdump']);
  });

  it('installs docker.io when dockerd is missing, starts it in the background and waits until it answers', async () => {
    host = await fakeHost();
    const socket = join(host.dir, 'docker.sock');
    const pidFile = await fakeDockerd(host.dir, socket);
    const { rename } = await import('node:fs/promises');
    await rename(join(host.dir, 'dockerd'), join(host.dir, 'dockerd.fake'));
    cleanups.push(async () => {
      const pid = Number(await readFile(pidFile, 'utf8').catch(() => '0'));
      if (pid > 0) process.kill(pid, 'SIGTERM');
    });
    const calls = await fakeApt(host);
    const { logged, log } = lines();
    const { default: Docker } = await import('dockerode');
    const report = await runSetup(
      { runtimes: ['docker'] },
      {
        context: { ...host.context(), docker: new Docker({ socketPath: socket }) },
        log,
        dockerdLog: join(host.dir, 'dockerd.log'),
        engineDeadlineMs: 20_000,
      },
    );
    // No engine answered, so the image could not be asked about: the plan builds it, and finds it there.
    expect(report.steps.map((step) => step.kind)).toEqual(['apt-install', 'start-dockerd', 'build-image']);
    expect(logged.join('\n')).toMatch(/<== building the lab image: multihome-lab:\w+ was present/);
    expect(await readFile(calls, 'utf8')).toMatch(/install -y -qq docker\.io/);
    expect(logged.join('\n')).toMatch(
      /<== starting dockerd in the background: dockerd started \(log: .*dockerd\.log\); the engine answered after \d+\.\d s/,
    );
    expect(report).toMatchObject({ ran: true, exitCode: 0 });
  });
});

describe('multihome setup when a step fails', () => {
  it('logs the failure with its time, stops, and exits 1', async () => {
    host = await fakeHost();
    await rm(join(host.bin, 'socat'));
    await host.file('var/lib/apt/lists/x_Packages', '');
    await host.tool('apt-get', `echo "E: Unable to locate package $4" >&2; exit 100`);
    const { logged, log } = lines();
    const report = await runSetup(
      { runtimes: ['netns'] },
      { context: { ...host.context(), docker: silentEngine(host.dir) }, log },
    );
    expect(report).toMatchObject({ ran: true, exitCode: 1 });
    expect(
      logged.some((line) =>
        /<== installing socat with apt-get: FAILED after \d+\.\d s: .*Unable to locate package/.test(line),
      ),
    ).toBe(true);
  });

  it('ends with DOCKER_UNAVAILABLE and the end of its log when the dockerd it started never answers', async () => {
    host = await fakeHost();
    await host.tool('dockerd', 'echo "failed to start daemon: no cgroup mount" >&2; exit 1');
    await fakeApt(host);
    const { logged, log } = lines();
    const report = await runSetup(
      { runtimes: ['docker'] },
      {
        context: { ...host.context(), docker: silentEngine(host.dir) },
        log,
        dockerdLog: join(host.dir, 'dockerd.log'),
        engineDeadlineMs: 500,
      },
    );
    expect(report).toMatchObject({ ran: true, exitCode: 1 });
    expect(report.failure).toBeInstanceOf(LabError);
    expect(report.failure).toMatchObject({ code: 'DOCKER_UNAVAILABLE', source: 'system' });
    expect(report.failure?.message).toMatch(
      /^dockerd did not answer within 0\.5 s; .*dockerd\.log ends:\nfailed to start daemon: no cgroup mount/,
    );
    expect(logged.join('\n')).toMatch(
      /<== starting dockerd in the background: FAILED after \d+\.\d s: dockerd did not answer/,
    );
  });
});
