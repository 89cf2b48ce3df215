import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAlive, processStartTime, stillRuns } from './process-alive.js';
import { pollUntil } from './watch/test-support/poll.js';

const state = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];

describe('isAlive', () => {
  it('is true for a running process and false for one that exited, even while it waits to be reaped', async () => {
    // sh starts a child that exits at once, then becomes a `sleep` that never reaps it: a zombie.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const [line] = (await once(parent.stdout, 'data')) as [Buffer];
      const zombie = Number(line.toString().trim());
      await pollUntil('the child to be a zombie', () => state(zombie) === 'Z');
      expect(isAlive(parent.pid ?? 0)).toBe(true);
      expect(isAlive(zombie)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('is false for a pid no process has', () => {
    expect(isAlive(2 ** 22 + 1)).toBe(false);
  });
});

describe('stillRuns', () => {
  const started = processStartTime(process.pid);

  it('is true for a running process, by its pid and start time or by its pid alone', () => {
    expect(started).toBeDefined();
    expect(stillRuns(process.pid, started)).toBe(true);
    expect(stillRuns(process.pid)).toBe(true);
  });

  it('is false for a pid whose process started at another time: the pid came round again', () => {
    expect(stillRuns(process.pid, `${started}0`)).toBe(false);
  });

  it('is false for a process that has exited', () => {
    const exited = spawnSync('true').pid;
    expect(stillRuns(exited)).toBe(false);
  });
});
