import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, MultihomeError } from '../errors.js';
import { tempDirs } from '../test-support/temp-dirs.js';
import { checkOutputDir, checkOutputFile } from './output-path.js';
import { type OutputEntry, writeAllOrNothing, writeOutputFile } from './write-all.js';

const tempDir = tempDirs('mh-write-all-');

/** Every path under a directory, sorted. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

/** The user error `fn` throws: WRITE_FAILED, exit 2; its message. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof MultihomeError)) throw error;
    expect([error.code, exitCodeFor(error)]).toEqual(['WRITE_FAILED', 2]);
    return error.message;
  }
  throw new Error('expected a refusal');
}

const FILES: OutputEntry[] = [
  { path: 'a.conf', text: 'a\n', mode: 0o644 },
  { path: 'sub/deeper/b.sh', text: 'b\n', mode: 0o755 },
];

describe('writeAllOrNothing', () => {
  it('writes files with their modes and links, making directories, and returns the paths', () => {
    const dir = tempDir();
    const written = writeAllOrNothing(
      join(dir, 'new'),
      [...FILES, { path: 'sub/link', target: '/etc/x' }],
      'test -o',
    );
    expect(written).toEqual(['a.conf', 'sub/deeper/b.sh', 'sub/link'].map((name) => join(dir, 'new', name)));
    expect(readFileSync(join(dir, 'new/sub/deeper/b.sh'), 'utf8')).toBe('b\n');
    expect(statSync(join(dir, 'new/sub/deeper/b.sh')).mode & 0o777).toBe(0o755);
    expect(readlinkSync(join(dir, 'new/sub/link'))).toBe('/etc/x');
    // Again over the first: files replaced, the link replaced, no temporary file left.
    writeAllOrNothing(join(dir, 'new'), [...FILES, { path: 'sub/link', target: '/etc/y' }], 'test -o');
    expect(readlinkSync(join(dir, 'new/sub/link'))).toBe('/etc/y');
    expect(tree(dir).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  it('writes a file entry through a symlink, as writing a file did', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'real.conf'), 'old\n');
    symlinkSync(join(dir, 'real.conf'), join(dir, 'a.conf'));
    writeAllOrNothing(dir, [FILES[0] as OutputEntry], 'test -o');
    expect(readFileSync(join(dir, 'real.conf'), 'utf8')).toBe('a\n');
    expect(readlinkSync(join(dir, 'a.conf'))).toBe(join(dir, 'real.conf'));
  });

  it('writes nothing when a file stands where a directory must be', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out/sub'), '');
    expect(refusal(() => writeAllOrNothing(join(dir, 'out'), FILES, 'export -o out'))).toBe(
      `export -o out: ${join(dir, 'out/sub')} is a file, not a directory; nothing was written`,
    );
    expect(tree(dir)).toEqual(['out', 'out/sub']);
  });

  it('writes nothing when a directory stands where a file must be', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub/deeper/b.sh'), { recursive: true });
    expect(refusal(() => writeAllOrNothing(dir, FILES, 'x'))).toMatch(/b\.sh is a directory, not a file/);
    expect(tree(dir)).toEqual(['sub', 'sub/deeper', 'sub/deeper/b.sh']);
  });

  it('undoes what it wrote when a later write fails: no file, no temporary, no directory made', () => {
    const dir = tempDir();
    // A name that fits, whose temporary name beside it does not: the second write fails.
    const long = `${'x'.repeat(240)}.conf`;
    const message = refusal(() =>
      writeAllOrNothing(dir, [...FILES, { path: `new/${long}`, text: 'c\n', mode: 0o644 }], 'export -o d'),
    );
    expect(message).toMatch(/^export -o d: cannot write .*x\.conf: name too long \(ENAMETOOLONG\); nothing/);
    expect(tree(dir)).toEqual([]);
  });

  // Checked without writing: a regression would loop in a synchronous mkdir, which no test timeout stops.
  it('refuses /proc and /sys at once (a recursive mkdir loops forever on procfs)', () => {
    expect(refusal(() => checkOutputDir('/proc/nope', 'export -o /proc/nope'))).toBe(
      'export -o /proc/nope: /proc/nope is under /proc, a kernel file system; name a directory on disk; nothing was written',
    );
    expect(refusal(() => checkOutputDir('/sys/nope/deeper', 'x'))).toMatch(/is under \/sys, a kernel/);
  });
});

describe('checkOutputFile', () => {
  it('takes a missing directory (it is made), and refuses a directory at the file or a kernel tree', () => {
    const dir = tempDir();
    expect(() => checkOutputFile(join(dir, 'x.xml'), '--junit')).not.toThrow();
    expect(() => checkOutputFile(join(dir, 'artifacts/deeper/x.xml'), '--junit')).not.toThrow();
    expect(refusal(() => checkOutputFile('/proc/nope/x.xml', 'test --junit /proc/nope/x.xml'))).toBe(
      'test --junit /proc/nope/x.xml: /proc/nope is under /proc, a kernel file system; name a directory on disk; nothing was written',
    );
    expect(refusal(() => checkOutputFile(dir, '--junit'))).toMatch(/is a directory, not a file/);
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(() => checkOutputFile(join(fifo, 'x.xml'), '--junit'))).toMatch(
      /fifo is a FIFO, not a directory/,
    );
    expect(tree(dir)).toEqual(['fifo']);
  });
});

describe('writeOutputFile', () => {
  it('makes the missing directories of the file, as `--report DIR` makes its own', () => {
    const dir = tempDir();
    writeOutputFile(join(dir, 'artifacts/ci/x.xml'), '<x/>\n', 'test --junit artifacts/ci/x.xml');
    expect(readFileSync(join(dir, 'artifacts/ci/x.xml'), 'utf8')).toBe('<x/>\n');
    expect(tree(dir)).toEqual(['artifacts', 'artifacts/ci', 'artifacts/ci/x.xml']);
  });

  it('leaves no directory behind when the write fails', () => {
    const dir = tempDir();
    const message = refusal(() =>
      writeOutputFile(join(dir, 'new/deeper', `${'x'.repeat(250)}.xml`), '<x/>\n', '--junit'),
    );
    expect(message).toMatch(/^--junit: cannot write .*name too long \(ENAMETOOLONG\); nothing was written$/);
    expect(tree(dir)).toEqual([]);
  });
});
