import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalRunner } from '../runner/local-runner.js';
import { mustRun } from '../runner/must-run.js';
import { claimRemoteFile, writeFileArgv, writeRemoteFile } from './remote-file.js';

const dir = mkdtempSync(join(tmpdir(), 'mh-planted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const runner = new LocalRunner();

// A symbolic link planted where multihome writes (the state directory, rt_tables.d) is replaced,
// never written through, whether it points at a file or at a directory (`mv` without -T would move
// the new file into that directory and leave the link in place).
describe('writing over a planted symbolic link', () => {
  for (const target of ['file', 'directory'] as const) {
    it(`replaces a link to a ${target} and leaves the ${target} untouched`, async () => {
      const victim = join(dir, `victim-${target}`);
      if (target === 'file') writeFileSync(victim, 'precious\n');
      else mkdirSync(victim);
      const path = join(dir, `ledger-${target}.json`);
      symlinkSync(victim, path);
      await writeRemoteFile(runner, path, '{"mine": true}\n', '4026531840');
      expect(lstatSync(path).isFile()).toBe(true);
      expect(readFileSync(path, 'utf8')).toBe('{"mine": true}\n');
      if (target === 'file') expect(readFileSync(victim, 'utf8')).toBe('precious\n');
      else expect(readdirSync(victim)).toEqual([]);
    });
  }

  for (const sync of ['durable', 'atomic'] as const) {
    it(`writes a whole file of mode 644 (${sync}) and leaves no temp file, even over an old one`, async () => {
      const sub = join(dir, `fresh-${sync}`);
      const path = join(sub, 'ledger.json');
      await mustRun(runner, writeFileArgv(path, '4026531840', sync), { input: 'old\n' });
      const big = `${'x'.repeat(200_000)}\nend\n`;
      await mustRun(runner, writeFileArgv(path, '4026531840', sync), { input: big });
      expect(readFileSync(path, 'utf8')).toBe(big);
      expect(statSync(path).mode & 0o777).toBe(0o644);
      expect(readdirSync(sub)).toEqual(['ledger.json']);
    });
  }

  it('claims a file onto a link to a directory as that name, not into the directory', async () => {
    const victim = join(dir, 'victim-claim');
    mkdirSync(victim);
    const from = join(dir, 'pending.json');
    const to = join(dir, 'pending.claimed.json');
    writeFileSync(from, '{}\n');
    symlinkSync(victim, to);
    expect(await claimRemoteFile(runner, from, to)).toBe(true);
    expect(lstatSync(to).isFile()).toBe(true);
    expect(readdirSync(victim)).toEqual([]);
  });
});
