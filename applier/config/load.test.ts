import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../errors.js';
import { loadConfigFile } from './load.js';
import { MAX_CONFIG_BYTES } from './read-config-text.js';
import { configErrorOfAsync, HOST, uplinkYaml } from './test-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'multihome-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadConfigFile', () => {
  it('reads and validates a file, recording its absolute path', async () => {
    const path = join(dir, 'good.yaml');
    writeFileSync(path, `uplinks:\n${uplinkYaml('isp1', 'eth0', '198.51.100.10/24', '198.51.100.1')}`);
    const config = await loadConfigFile(path, HOST);
    expect(config.file).toBe(path);
    expect(config.uplinks.map((uplink) => uplink.name)).toEqual(['isp1']);
  });

  it('refuses a missing file with CONFIG_NOT_FOUND naming the path', async () => {
    const path = join(dir, 'missing.yaml');
    const error = await configErrorOfAsync(() => loadConfigFile(path, HOST));
    expect(error.code).toBe('CONFIG_NOT_FOUND');
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toContain(path);
  });

  it('names the file in validation errors', async () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'uplinks: []\n');
    const error = await configErrorOfAsync(() => loadConfigFile(path, HOST));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`${path}:1:10`);
  });

  it('refuses a directory as a user error', async () => {
    const error = await configErrorOfAsync(() => loadConfigFile(dir, HOST));
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toMatch(/is a directory, not a regular file/);
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const path = join(dir, 'fifo');
    execFileSync('mkfifo', [path]);
    const error = await configErrorOfAsync(() => loadConfigFile(path, HOST));
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toMatch(/is a FIFO, not a regular file/);
  });

  it('refuses /dev/urandom instead of reading it until memory runs out', async () => {
    const error = await configErrorOfAsync(() => loadConfigFile('/dev/urandom', HOST));
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toMatch(/is a character device, not a regular file/);
  });

  it('refuses a file over 1 MiB, and reads one of exactly 1 MiB', async () => {
    const huge = join(dir, 'huge.yaml');
    writeFileSync(huge, '');
    truncateSync(huge, MAX_CONFIG_BYTES + 1);
    expect((await configErrorOfAsync(() => loadConfigFile(huge, HOST))).message).toMatch(
      /larger than 1048576 bytes/,
    );
    const edge = join(dir, 'edge.yaml');
    const body = `uplinks:\n${uplinkYaml('isp1', 'eth0', '198.51.100.10/24', '198.51.100.1')}`;
    writeFileSync(edge, body + '#'.repeat(MAX_CONFIG_BYTES - body.length));
    expect((await loadConfigFile(edge, HOST)).uplinks).toHaveLength(1);
  });
});
