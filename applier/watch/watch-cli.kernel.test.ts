import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { disposedAfterEach, kernelSnapshot, TEST_CONFIG } from '../apply/test-support/netns-host.js';
import { binArgv, runCli } from '../cli/test-support/run-cli.js';
import { processesInInodes } from '../process-alive.js';
import { WATCH_NODE_FLAGS } from './node-flags.js';
import { pollUntil } from './test-support/poll.js';

const host = disposedAfterEach();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

type Running = {
  child: ChildProcess;
  lines: () => Record<string, unknown>[];
  exited: Promise<number | null>;
};

// The real bin as its own process, as a user runs it: `multihome watch -c FILE --netns NAME --json`.
function startWatch(config: string, netns: string): Running {
  const [file, ...args] = binArgv(['watch', '-c', config, '--netns', netns, '--json']);
  const child = spawn(file ?? 'node', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = () =>
    out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { child, lines, exited };
}

const has = (running: Running, pattern: RegExp) =>
  running.lines().some((line) => pattern.test(String(line.message)));

const NEW_UPLINK = `  - name: d
    interface: eth1
    address: 10.201.2.20/24
    gateway: 10.201.2.1
`;

describe('multihome watch, the real process', () => {
  it('reloads on SIGHUP, refuses a broken file and keeps its state, exits on SIGTERM leaving the state', async () => {
    const router = host('watch-cli');
    const watch = startWatch(router.configPath, router.name);
    await pollUntil('the first apply', () => has(watch, /^applied \d+ change/), 30_000);
    // The bin became a Node with the watch's flags, under the PID it was started with.
    const cmdline = readFileSync(`/proc/${watch.child.pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline).toEqual(expect.arrayContaining([...WATCH_NODE_FLAGS, 'watch']));

    const second = runCli(['watch', '-c', router.configPath, '--netns', router.name]);
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(/already runs for this network namespace/);
    const status = JSON.parse(runCli(['status', '--json'], { netns: router.name }).stdout) as {
      watch: { running: boolean; configFile: string };
    };
    expect(status.watch).toMatchObject({ running: true, configFile: router.configPath });

    writeFileSync(router.configPath, TEST_CONFIG.replace('default: a', `${NEW_UPLINK}default: a`));
    watch.child.kill('SIGHUP');
    await pollUntil(
      'the new uplink applied',
      () => router.sh(['ip', '-4', 'rule', 'show']).includes('from 10.201.2.20'),
      10_000,
    );
    await pollUntil('the repair done', () => runCli(['status'], { netns: router.name }).status === 0, 10_000);

    const before = kernelSnapshot(router);
    writeFileSync(router.configPath, `${TEST_CONFIG}  - name: e\n    interface: eth9\n`);
    watch.child.kill('SIGHUP');
    await pollUntil('the refusal logged', () => has(watch, /^reload refused/), 10_000);
    const refusal = watch.lines().find((line) => /^reload refused/.test(String(line.message)));
    expect(String(refusal?.message)).toMatch(/multihome\.yaml:\d+/);
    expect(kernelSnapshot(router)).toEqual(before);

    watch.child.kill('SIGTERM');
    expect(await watch.exited).toBe(0);
    expect(kernelSnapshot(router)).toEqual(before);
    const after = JSON.parse(runCli(['status', '--json'], { netns: router.name }).stdout) as {
      watch: { running: boolean };
      drift: unknown[];
    };
    expect(after.watch.running).toBe(false);
    expect(after.drift).toEqual([]);
    expect(runCli(['remove'], { netns: router.name }).status).toBe(0);
  });
});

/** The program a process runs (argv[0]), or '' once it is gone. */
function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
  } catch {
    return '';
  }
}

describe('multihome watch killed with SIGKILL', () => {
  it('leaves no `ip monitor` or `ping` behind in the namespace, even with no kernel event to end them', async () => {
    // A target nothing answers: its `ping` prints nothing, so no broken pipe would ever end it.
    const checked = TEST_CONFIG.replace(
      '    gateway: 10.201.1.1\n',
      '    gateway: 10.201.1.1\n    check: { targets: [10.201.1.99], interval: 200ms, timeout: 100ms }\n',
    );
    const router = host('watch-kill');
    writeFileSync(router.configPath, checked);
    const inode = new Set([statSync(`/run/netns/${router.name}`).ino]);
    // From outside (--netns): the watch's own process is not in the namespace, only what it starts.
    const [file, ...args] = binArgv(['watch', '-c', router.configPath, '--netns', router.name]);
    const watch = spawn(file ?? 'node', args, { stdio: 'ignore' });
    children.push(watch);
    const running = () => processesInInodes(inode).map(commandName);
    await pollUntil(
      'the monitor and the probe',
      () => ['ip', 'ping'].every((name) => running().includes(name)),
      30_000,
    );
    watch.kill('SIGKILL');
    await pollUntil('nothing left in the namespace', () => processesInInodes(inode).length === 0, 3_000);
    expect(runCli(['remove'], { netns: router.name }).status).toBe(0);
  });
});
