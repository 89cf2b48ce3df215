import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchUplinks, configText } from '../bench/bench-uplinks.js';
import { CommandError, type ConfigError, exitCodeFor } from '../errors.js';
import type { Config } from '../model/config.js';
import type { CommandRunner } from '../runner/command-runner.js';
import type { HostReadings } from '../state/host-readings.js';
import { FakeRunner } from '../test-support/fake-runner.js';
import { loadConfigWithReadings } from './load-config.js';
import { configErrorOf, HOST } from './test-helpers.js';
import { BAD_INPUT_CASES } from './test-support/bad-input-cases.js';

const dir = mkdtempSync(join(tmpdir(), 'multihome-load-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A host with the test interfaces and nothing of multihome's; the runner must not be asked anything.
const readings: HostReadings = {
  records: { nsid: '4026531840', birth: '1', recordedBirth: null, ledger: null, intent: null, pending: [] },
  state: {
    ownedRoutes: [],
    mainDefaults: [],
    ownedRules: [],
    foreignTables: [105],
    addresses: [],
    interfaces: [...HOST.interfaces, 'up0'],
    nftTable: null,
    sysctls: {},
  },
};

function fileWith(text: string): string {
  const path = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, text);
  return path;
}

async function loaded(path: string): Promise<Config> {
  return (await loadConfigWithReadings(new FakeRunner(), path, readings)).config;
}

async function refusal(path: string): Promise<ConfigError> {
  const error = await loaded(path).catch((caught: unknown) => caught);
  return configErrorOf(() => {
    throw error;
  });
}

const example = (name: string) => readFileSync(new URL(`examples/${name}.yaml`, import.meta.url), 'utf8');
// The same file with the interface written once, as an anchor, and aliased after.
const withAliases = (text: string) =>
  text.replace('interface: up0', 'interface: &up up0').replaceAll('interface: up0', 'interface: *up');

describe('loadConfigWithReadings', () => {
  it.each([
    ['the article', example('article'), 3],
    ['IPv6', example('ipv6'), 2],
    ['200 uplinks', configText(benchUplinks(200), 'u0', []), 200],
    ['anchors and aliases', withAliases(configText(benchUplinks(3), 'u0', [])), 3],
  ])('loads %s', async (_, text, uplinks) => {
    const path = fileWith(text);
    const config = await loaded(path);
    expect(config.file).toBe(path);
    expect(config.uplinks).toHaveLength(uplinks);
  });

  it.each(BAD_INPUT_CASES)('refuses $name naming its line', async ({ yaml, line }) => {
    const error = await refusal(fileWith(yaml));
    expect(error.issues[0]?.line).toBe(line);
  });

  it('names the file and line in validation errors', async () => {
    const path = fileWith('uplinks: []\n');
    const error = await refusal(path);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`${path}:1:10`);
  });

  it('refuses a missing file with CONFIG_NOT_FOUND naming the path, as a user error', async () => {
    const path = join(dir, 'missing.yaml');
    const error = await refusal(path);
    expect(error.code).toBe('CONFIG_NOT_FOUND');
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toContain(path);
  });

  it('refuses a directory as a user error', async () => {
    expect((await refusal(dir)).message).toMatch(/is a directory, not a regular file/);
  });

  it('reports a failed host read before a missing file', async () => {
    const failing: CommandRunner = {
      where: 'gone',
      run: async () => ({ stdout: '', stderr: 'Cannot open network namespace', exitCode: 1 }),
      hold: async () => ({ ready: false, result: { stdout: '', stderr: 'gone', exitCode: 1 } }),
    };
    const error = await loadConfigWithReadings(failing, join(dir, 'missing.yaml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
  });
});
