import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../errors.js';
import { loadConfigFile } from './load.js';
import { configErrorOf, HOST, uplinkYaml } from './test-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'multihome-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadConfigFile', () => {
  it('reads and validates a file, recording its absolute path', () => {
    const path = join(dir, 'good.yaml');
    writeFileSync(path, `uplinks:\n${uplinkYaml('isp1', 'eth0', '198.51.100.10/24', '198.51.100.1')}`);
    const config = loadConfigFile(path, HOST);
    expect(config.file).toBe(path);
    expect(config.uplinks.map((uplink) => uplink.name)).toEqual(['isp1']);
  });

  it('refuses a missing file with CONFIG_NOT_FOUND naming the path', () => {
    const path = join(dir, 'missing.yaml');
    const error = configErrorOf(() => loadConfigFile(path, HOST));
    expect(error.code).toBe('CONFIG_NOT_FOUND');
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toContain(path);
  });

  it('names the file in validation errors', () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'uplinks: []\n');
    const error = configErrorOf(() => loadConfigFile(path, HOST));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`${path}:1:10`);
  });

  it('refuses a directory as a user error', () => {
    expect(configErrorOf(() => loadConfigFile(dir, HOST)).message).toMatch(/cannot read config file/);
  });
});
