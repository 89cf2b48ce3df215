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
import { claimRemoteFile, readRemoteFiles, writeFileArgv, writeRemoteFile } from './remote-file.js';

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

// `status` reads the records without the lock while an apply or the watch writes and drops its
// intent: a record that goes between the look and the read must read as absent or whole, not fail
// the read (scenario 12 once failed on `cat: intent.json: No such file or directory`).
describe('reading records that another process removes meanwhile', () => {
  it('reads each as whole or absent, never as an error, while a loop writes and removes it', async () => {
    const path = join(dir, 'intent.json');
    const text = `${'{"step": 1}'.repeat(500)}\n`;
    writeFileSync(join(dir, 'intent.src'), text);
    const churn = new LocalRunner().run(
      [
        'sh',
        '-c',
        'i=0; while [ $i -lt 3000 ]; do cp "$1" "$2.t" && mv "$2.t" "$2"; rm -f "$2"; i=$((i+1)); done',
        'sh',
        join(dir, 'intent.src'),
        path,
      ],
      { timeoutMs: 60_000 },
    );
    const seen = new Set<string>();
    let done = false;
    void churn.finally(() => {
      done = true;
    });
    while (!done) {
      const files = await readRemoteFiles(runner, [path, join(dir, 'never-there.json')]);
      seen.add(files[path] === null ? 'absent' : files[path] === text ? 'whole' : 'torn');
      expect(files[join(dir, 'never-there.json')]).toBeNull();
    }
    expect((await churn).exitCode).toBe(0);
    expect(seen.has('torn')).toBe(false);
    expect(seen.has('whole')).toBe(true);
  });

  it('fails on a file that is there and cannot be read', async () => {
    await expect(readRemoteFiles(runner, [dir])).rejects.toThrow(/Is a directory/);
  });
});
