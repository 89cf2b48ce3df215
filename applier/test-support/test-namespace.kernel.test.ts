import { spawn } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CommandError } from '../errors.js';
import { processesInInodes } from '../process-alive.js';
import { pollUntil } from '../watch/test-support/poll.js';
import { TestNamespace } from './test-namespace.js';

describe('TestNamespace', () => {
  it('dispose kills everything inside, also what entered while it ran, and forgets the namespace', async () => {
    const ns = await TestNamespace.create('dispose');
    // Held open, so the inode names this namespace alone until the check below.
    const fd = openSync(`/run/netns/${ns.name}`, 'r');
    const inodes = new Set([fstatSync(fd).ino]);
    // Something entering the namespace by name every few milliseconds, for 10 s at most.
    const enterer = spawn(
      'sh',
      [
        '-c',
        `end=$(($(date +%s) + 10)); while [ $(date +%s) -lt $end ]; do ip netns exec ${ns.name} sleep 30 </dev/null >/dev/null 2>&1 & sleep 0.005; done`,
      ],
      { stdio: 'ignore' },
    );
    try {
      await pollUntil('processes inside', () => processesInInodes(inodes).length >= 3);
      ns.dispose();
      expect(existsSync(`/run/netns/${ns.name}`)).toBe(false);
      expect(existsSync(`/etc/netns/${ns.name}`)).toBe(false);
      expect(processesInInodes(inodes)).toEqual([]);
    } finally {
      enterer.kill('SIGKILL');
      for (const pid of processesInInodes(inodes)) process.kill(pid, 'SIGKILL');
      closeSync(fd);
    }
  });

  it('must gives stdout, and a failing command throws the CommandError mustRun throws', async () => {
    await using ns = await TestNamespace.create('must');
    expect(await ns.must(['cat'], 'in\n')).toBe('in\n');
    const failed = await ns.must(['sh', '-c', 'echo nope >&2; exit 3']).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(CommandError);
    expect(failed).toMatchObject({ exitCode: 3, stderr: 'nope\n', code: 'COMMAND_FAILED' });
  });
});
