import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withBuildLock } from './build-lock.js';

describe('withBuildLock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('never lets two holders overlap and releases the lock afterwards', async () => {
    const lock = join(dir, 'sub', 'image.lock');
    const events: string[] = [];
    const holder = (name: string) =>
      withBuildLock(lock, async () => {
        events.push(`${name}:in`);
        expect(await readFile(lock, 'utf8')).toBe(`${process.pid}\n`);
        await new Promise((resolve) => setImmediate(resolve));
        events.push(`${name}:out`);
        return name;
      });
    expect(await Promise.all([holder('a'), holder('b'), holder('c')])).toEqual(['a', 'b', 'c']);
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i]?.replace(':in', '')).toBe(events[i + 1]?.replace(':out', ''));
    }
    await expect(readFile(lock)).rejects.toThrow(/ENOENT/);
  });

  it('releases the lock when the holder throws', async () => {
    const lock = join(dir, 'image.lock');
    await expect(withBuildLock(lock, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withBuildLock(lock, async () => 'again')).toBe('again');
  });

  it('breaks the lock of a process that died holding it', async () => {
    const lock = join(dir, 'image.lock');
    const child = spawn(process.execPath, ['-e', '']);
    const pid = child.pid ?? 0;
    await new Promise((resolve) => child.on('exit', resolve));
    await writeFile(lock, `${pid}\n`);
    const lines: string[] = [];
    expect(await withBuildLock(lock, async () => 'taken', { log: (line) => lines.push(line) })).toBe('taken');
    expect(lines.join('\n')).toContain(`dead pid ${pid}`);
  });

  it('times out while a live process holds the lock', async () => {
    const lock = join(dir, 'image.lock');
    await writeFile(lock, `${process.pid}\n`);
    await expect(withBuildLock(lock, async () => 'never', { deadlineMs: 0 })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
  });
});
