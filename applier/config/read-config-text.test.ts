import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../errors.js';
import { MAX_INPUT_BYTES } from '../files/read-input-text.js';
import { readConfigText } from './read-config-text.js';
import { configErrorOf } from './test-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'multihome-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readConfigText', () => {
  it('reads a regular file', () => {
    const path = join(dir, 'good.yaml');
    writeFileSync(path, 'uplinks: []\n');
    expect(readConfigText(path)).toBe('uplinks: []\n');
  });

  it('refuses a missing file with CONFIG_NOT_FOUND naming the path', () => {
    const path = join(dir, 'missing.yaml');
    const error = configErrorOf(() => readConfigText(path));
    expect(error.code).toBe('CONFIG_NOT_FOUND');
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toContain(path);
  });

  it('refuses a directory as a user error', () => {
    const error = configErrorOf(() => readConfigText(dir));
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toMatch(/is a directory, not a regular file/);
  });

  it('refuses a FIFO at once instead of waiting for a writer', () => {
    const path = join(dir, 'fifo');
    execFileSync('mkfifo', [path]);
    const error = configErrorOf(() => readConfigText(path));
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toMatch(/is a FIFO, not a regular file/);
  });

  it('refuses /dev/urandom instead of reading it until memory runs out', () => {
    const error = configErrorOf(() => readConfigText('/dev/urandom'));
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toMatch(/is a character device, not a regular file/);
  });

  it('refuses a file over 1 MiB, and reads one of exactly 1 MiB', () => {
    const huge = join(dir, 'huge.yaml');
    writeFileSync(huge, '');
    truncateSync(huge, MAX_INPUT_BYTES + 1);
    expect(configErrorOf(() => readConfigText(huge)).message).toMatch(/larger than 1048576 bytes/);
    const edge = join(dir, 'edge.yaml');
    writeFileSync(edge, '#'.repeat(MAX_INPUT_BYTES));
    expect(readConfigText(edge)).toHaveLength(MAX_INPUT_BYTES);
  });
});
