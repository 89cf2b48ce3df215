import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { benchUplinks } from '../bench/bench-uplinks.js';
import { configText } from '../e2e/article-config.js';
import { ConfigError } from '../errors.js';
import type { Config, HostFacts } from '../model/config.js';
import type { HostReadings } from '../state/host-readings.js';
import { FakeRunner } from '../test-support/fake-runner.js';
import { plainYamlValue } from '../yaml/plain-yaml.js';
import { hostFacts, loadConfigWithReadings } from './load-config.js';
import { parseConfig } from './parse-config.js';
import { HOST } from './test-helpers.js';
import { BAD_INPUT_CASES } from './test-support/bad-input-cases.js';
import { checkAgainstHost, checkFile } from './validate-config.js';

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
const facts: HostFacts = hostFacts(readings.state, null);

// The config as apply loads it (js-yaml first, `yaml` when there is anything to report) ...
async function loaded(text: string): Promise<Config | ConfigError> {
  const path = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, text);
  try {
    return (await loadConfigWithReadings(new FakeRunner(), path, readings)).config;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  } finally {
    rmSync(path);
  }
}

// ... and as the locating parser alone loads it, at the same path.
function located(text: string, path: string): Config | ConfigError {
  try {
    return parseConfig(text, path, facts);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

// Compares a load with the reference, given the same (temporary) file name the load reports.
async function expectSameAsLocating(text: string): Promise<Config | ConfigError> {
  const result = await loaded(text);
  const reference = located(text, result.file);
  if (reference instanceof ConfigError) {
    expect(result).toBeInstanceOf(ConfigError);
    const error = result as ConfigError;
    expect(error.code).toBe(reference.code);
    expect(error.issues).toEqual(reference.issues);
    expect(error.message).toBe(reference.message);
  } else {
    expect(result).toEqual(reference);
  }
  return result;
}

const example = (name: string) => readFileSync(new URL(`examples/${name}.yaml`, import.meta.url), 'utf8');
const big = configText(benchUplinks(200), 'u0', []);
// The same file with the interface written once, as an anchor, and aliased after.
const withAliases = (text: string) =>
  text.replace('interface: up0', 'interface: &up up0').replaceAll('interface: up0', 'interface: *up');

describe('loadConfigWithReadings', () => {
  it.each([
    ['the article', example('article')],
    ['IPv6', example('ipv6')],
    ['200 uplinks', big],
    ['anchors and aliases (the locating parser only)', withAliases(configText(benchUplinks(3), 'u0', []))],
  ])('loads %s as the locating parser does', async (_, text) => {
    expect(await expectSameAsLocating(text)).not.toBeInstanceOf(ConfigError);
  });

  it.each(BAD_INPUT_CASES)('refuses $name with the same located error', async ({ yaml, line }) => {
    const result = await expectSameAsLocating(yaml);
    expect(result).toBeInstanceOf(ConfigError);
    expect((result as ConfigError).issues[0]?.line).toBe(line);
  });
});

// Valid configs with random text spliced in: whatever the fast path accepts, `yaml` must accept as
// the same config. This is the promise apply relies on when it skips the locating parser.
describe('the fast path never accepts what the locating parser would not', () => {
  const bases = [example('article'), example('ipv6'), configText(benchUplinks(3), 'u1', ['eth2'])];
  const token = fc.constantFrom(
    ...['a', 'isp1', ':', ': ', ' ', '  ', '\n', '\n  ', '\n    ', '- ', '"', "'", '[', ']', '{', '}'],
    ...[',', '#', ' #', '?', '? ', '|', '>', '>1', '\\', '1', '0x1F', 'null', '~', 'true', '---', '...'],
    ...[
      '\r\n',
      '\r',
      '\t',
      '\ufeff',
      '\u00a0',
      'table: 7',
      'onlink: true',
      'yes',
      'on',
      '0o17',
      '017',
      'eth0',
      '10',
      '/24',
      'é',
    ],
  );
  const spliced = fc
    .tuple(fc.constantFrom(...bases), fc.array(fc.tuple(fc.nat(), token), { minLength: 1, maxLength: 4 }))
    .map(([base, inserts]) =>
      inserts.reduce((text, [at, piece]) => {
        const cut = at % (text.length + 1);
        return text.slice(0, cut) + piece + text.slice(cut);
      }, base),
    );

  it('on spliced configs', () => {
    let accepted = 0;
    fc.assert(
      fc.property(spliced, (text) => {
        const plain = plainYamlValue(text);
        if (plain === undefined) return;
        const checked = checkAgainstHost('f.yaml', checkFile(plain.value), facts, facts.interfaces);
        if (!('config' in checked)) return;
        accepted++;
        expect(located(text, 'f.yaml')).toEqual(checked.config);
      }),
      { numRuns: 5000 },
    );
    // Most splices break a config; enough must survive for the property to mean something.
    expect(accepted).toBeGreaterThan(100);
  });
});
