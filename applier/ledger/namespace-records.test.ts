import { describe, expect, it } from 'vitest';
import { emptyLedger } from '../model/types.js';
import { FakeRunner } from '../test-support/fake-runner.js';
import { recordsFrom } from './namespace-records.js';
import { forgetDirArgv } from './paths.js';

const ledger = emptyLedger({
  file: '/etc/multihome.yaml',
  uplinks: [],
  defaults: {},
  lan: [],
  markMask: 255,
  probe: { 4: '1.1.1.1', 6: '2606:4700:4700::1111' },
  rpFilter: 'loose',
});
const M = '@m@';
const files = (ledgerText: string | null, intentText: string | null = null) =>
  [ledgerText, intentText].map((text) => (text === null ? `${M}A\n` : `${M}E\n${text}`)).join('');
const read = (stdout: string, runner = new FakeRunner()) =>
  recordsFrom(runner, { stdout, stderr: '', exitCode: 0 }, M);

describe('recordsFrom', () => {
  it('reads id, birth, mark, pending records and the ledger from one output', async () => {
    const stdout = [
      '4026532178 1795876536.901501477',
      'B1795876536.901501477',
      'Nconfirmed-b.json',
      'Nledger.json',
      'Nnamespace-born',
      'Npending-a.json',
      '\u001e',
      files(JSON.stringify(ledger)),
    ].join('\n');
    expect(await read(stdout)).toEqual({
      nsid: '4026532178',
      birth: '1795876536.901501477',
      recordedBirth: '1795876536.901501477',
      ledger,
      intent: null,
      pending: [
        { id: 'a', state: 'pending' },
        { id: 'b', state: 'confirmed' },
      ],
    });
  });

  it('reads no ledger and no mark in a namespace multihome never touched', async () => {
    const records = await read(`4026532178 1795876536.901501477\n\u001e\n${files(null)}`);
    expect(records).toMatchObject({ recordedBirth: null, ledger: null, intent: null, pending: [] });
  });

  it.each([
    ['{"version": 99}', /is not a multihome ledger of this version/],
    ['[]', /is not a multihome ledger of this version/],
    ['null', /is not a multihome ledger of this version/],
    ['{', /is not valid JSON/],
  ])('refuses a ledger %s in one sentence naming the file, never as "no ledger"', async (text, message) => {
    const stdout = `4026532178 1.0\nNledger.json\n\u001e\n${files(text)}`;
    const error = await read(stdout).catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain('/run/multihome/4026532178/ledger.json');
    expect((error as Error).message).toContain('move it away');
    expect((error as Error).message.split('\n')).toHaveLength(1);
  });

  it('refuses a write-ahead record of the wrong shape', async () => {
    const stdout = `4026532178 1.0\nNintent.json\n\u001e\n${files(null, '{"version": 1}')}`;
    await expect(read(stdout)).rejects.toThrow(/intent\.json is not a multihome write-ahead record/);
  });

  it("deletes a dead namespace's records that this one's inode inherited, and reads them as empty", async () => {
    const runner = new FakeRunner();
    const stdout = `4026532178 2.000000000\nB1.000000000\nNledger.json\nNpending-a.json\n\u001e\n${files(JSON.stringify(ledger))}`;
    const records = await read(stdout, runner);
    expect(records).toMatchObject({ ledger: null, pending: [], recordedBirth: null, forgotStale: true });
    expect(runner.calls.map((call) => call.argv)).toEqual([forgetDirArgv('4026532178')]);
  });
});
