import { randomBytes } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labImage, testDocker } from '../test-support/lab-fixtures.js';
import { LAB_LABEL } from './labels.js';
import { DockerNodeRunner } from './node-runner.js';
import { statusOf } from './prune-labs.js';

// What a command run by the Docker lab's node runner sees, and where it runs. `/proc/self/cgroup`
// tells the two ways apart: an exec'd process is in the container's cgroup (named by its id), a
// process that entered the container's namespaces from this host is not.
describe('DockerNodeRunner', () => {
  let docker: Docker;
  let container: Docker.Container;
  let id: string;

  beforeAll(async () => {
    docker = await testDocker();
    container = await docker.createContainer({
      Image: await labImage(),
      name: `mh-test-runner-${randomBytes(3).toString('hex')}`,
      Cmd: ['sleep', 'infinity'],
      Labels: { [LAB_LABEL]: 'mh-test-runner' },
      HostConfig: { NetworkMode: 'none', CapAdd: ['NET_ADMIN'], AutoRemove: false },
    });
    await container.start();
    id = container.id;
  });
  afterAll(async () => {
    await container?.remove({ force: true });
  });

  const inCgroupOfContainer = async (runner: DockerNodeRunner) =>
    (await runner.run(['cat', '/proc/self/cgroup'])).stdout.includes(id);

  it("enters the container's namespaces: its filesystem, network, PID namespace and environment", async () => {
    const runner = new DockerNodeRunner(container, 'test/node');
    const info = await container.inspect();
    const seen = await runner.run([
      'sh',
      '-c',
      'echo "$HOSTNAME $HOME $PATH"; readlink /proc/self/ns/net /proc/1/ns/net /proc/self/ns/pid /proc/1/ns/pid; cat /proc/1/cmdline | tr "\\0" " "',
    ]);
    const [env, selfNet, initNet, selfPid, initPid, init] = seen.stdout.trim().split('\n');
    expect(env).toBe(
      `${info.Config.Hostname} /root /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    );
    expect(selfNet).toBe(initNet);
    expect(selfPid).toBe(initPid);
    expect(init?.trim()).toBe('sleep infinity');
    expect(await inCgroupOfContainer(runner)).toBe(false);
  });

  it('passes stdin and exit codes, and a timeout leaves no process behind in the container', async () => {
    const runner = new DockerNodeRunner(container, 'test/node');
    expect(await runner.run(['sh', '-c', 'cat; exit 7'], { input: 'fed' })).toMatchObject({
      stdout: 'fed',
      exitCode: 7,
    });
    const timedOut = await runner.run(['sleep', '77'], { timeoutMs: 300 });
    expect(timedOut.exitCode).not.toBe(0);
    const left = async () =>
      (await runner.run(['sh', '-c', 'pgrep -x sleep -a | grep -c " 77$" || true'])).stdout;
    await expect.poll(left, { timeout: 5_000 }).toBe('0\n');
  });

  it('follows a restarted container to its new process, and goes through the exec API (409) while paused', async () => {
    const runner = new DockerNodeRunner(container, 'test/node');
    const before = (await container.inspect()).State.Pid;
    expect((await runner.run(['true'])).exitCode).toBe(0);
    await container.restart({ t: 0 });
    // The old pid is gone: the runner notices by itself (no invalidate) and enters the new one.
    const after = (await runner.run(['readlink', '/proc/self/ns/net'])).stdout;
    expect((await container.inspect()).State.Pid).not.toBe(before);
    expect(after.trim()).toBe(readlinkSync(`/proc/${(await container.inspect()).State.Pid}/ns/net`));

    await container.pause();
    try {
      runner.invalidate();
      const refused = await runner.run(['true']).then(
        () => undefined,
        (error: unknown) => statusOf(error),
      );
      expect(refused).toBe(409);
    } finally {
      await container.unpause();
      runner.invalidate();
    }
    expect(await inCgroupOfContainer(runner)).toBe(false);
  });

  it("goes through the exec API when the container's process is not this host's (a remote engine)", async () => {
    const remote = Object.create(container, {
      inspect: {
        value: async () => {
          const info = await container.inspect();
          return {
            ...info,
            NetworkSettings: { ...info.NetworkSettings, SandboxKey: '/nonexistent/sandbox' },
          };
        },
      },
    }) as Docker.Container;
    const runner = new DockerNodeRunner(remote, 'test/node');
    expect(await inCgroupOfContainer(runner)).toBe(true);
    expect((await runner.run(['sh', '-c', 'exit 3'])).exitCode).toBe(3);
  });
});
