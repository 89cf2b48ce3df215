import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../test-support/fake-runner.js';
import { recordsFrom } from './namespace-records.js';

const ledger = { version: 1, config: { uplinks: [] }, addedAddresses: [] };

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
      JSON.stringify(ledger),
    ].join('\n');
    const records = await recordsFrom(new FakeRunner(), { stdout, stderr: '', exitCode: 0 });
    expect(records).toEqual({
      nsid: '4026532178',
      birth: '1795876536.901501477',
      recordedBirth: '1795876536.901501477',
      ledger,
      pending: [
        { id: 'a', state: 'pending' },
        { id: 'b', state: 'confirmed' },
      ],
    });
  });

  it('reads no ledger and no mark in a namespace multihome never touched', async () => {
    const stdout = '4026532178 1795876536.901501477\n\u001e\n';
    const records = await recordsFrom(new FakeRunner(), { stdout, stderr: '', exitCode: 0 });
    expect(records).toMatchObject({ recordedBirth: null, ledger: null, pending: [] });
  });

  it("deletes a dead namespace's records that this one's inode inherited, and reads them as empty", async () => {
    const runner = new FakeRunner();
    const stdout = `4026532178 2.000000000\nB1.000000000\nNledger.json\nNpending-a.json\n\u001e\n${JSON.stringify(ledger)}`;
    const records = await recordsFrom(runner, { stdout, stderr: '', exitCode: 0 });
    expect(records).toMatchObject({ ledger: null, pending: [], recordedBirth: null, forgotStale: true });
    expect(runner.calls.map((call) => call.argv.join(' '))).toEqual([
      'rm -rf -- /run/multihome/4026532178 /etc/iproute2/rt_tables.d/multihome-4026532178.conf',
    ]);
  });
});
