import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../errors.js';
import { MAX_CONFIG_BYTES, readConfigText, readConfigTextSync } from './read-config-text.js';
import { configErrorOfAsync } from './test-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'multihome-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readConfigText', () => {
  it('reads a regular file', async () => {
    const path = join(dir, 'good.yaml');
    writeFileSync(path, 'uplinks: []\n');
    expect(await readConfigText(path)).toBe('uplinks: []\n');
  });

  it('refuses a missing file with CONFIG_NOT_FOUND naming the path', async () => {
    const path = join(dir, 'missing.yaml');
    const error = await configErrorOfAsync(() => readConfigText(path));
    expect(error.code).toBe('CONFIG_NOT_FOUND');
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toContain(path);
  });

  it('refuses a directory as a user error', async () => {
    const error = await configErrorOfAsync(() => readConfigText(dir));
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toMatch(/is a directory, not a regular file/);
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const path = join(dir, 'fifo');
    execFileSync('mkfifo', [path]);
    const error = await configErrorOfAsync(() => readConfigText(path));
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toMatch(/is a FIFO, not a regular file/);
  });

  it('refuses /dev/urandom instead of reading it until memory runs out', async () => {
    const error = await configErrorOfAsync(() => readConfigText('/dev/urandom'));
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toMatch(/is a character device, not a regular file/);
  });

  it('refuses a file over 1 MiB, and reads one of exactly 1 MiB', async () => {
    const huge = join(dir, 'huge.yaml');
    writeFileSync(huge, '');
    truncateSync(huge, MAX_CONFIG_BYTES + 1);
    expect((await configErrorOfAsync(() => readConfigText(huge))).message).toMatch(
      /larger than 1048576 bytes/,
    );
    const edge = join(dir, 'edge.yaml');
    writeFileSync(edge, '#'.repeat(MAX_CONFIG_BYTES));
    expect(await readConfigText(edge)).toHaveLength(MAX_CONFIG_BYTES);
  });
});

describe('readConfigTextSync', () => {
  it('makes the same checks for synchronous callers', () => {
    expect(() => readConfigTextSync('/dev/urandom')).toThrow(/is a character device, not a regular file/);
    const path = join(dir, 'sync.yaml');
    writeFileSync(path, 'uplinks: []\n');
    expect(readConfigTextSync(path)).toBe('uplinks: []\n');
  });
});
