import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configErrorOf } from '../config/test-helpers.js';
import { exitCodeFor } from '../errors.js';
import { MAX_INPUT_BYTES, readInputText } from './read-input-text.js';

const dir = mkdtempSync(join(tmpdir(), 'multihome-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCRIPT = { what: 'script', option: '--script', code: 'USAGE' } as const;

// The config reader's own cases are in read-config-text.test.ts; these are what the other inputs add.
describe('readInputText', () => {
  it('names the file, what it is and the option in every refusal, with the kind’s code', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const error = configErrorOf(() => readInputText(fifo, SCRIPT));
    expect(error.code).toBe('USAGE');
    expect(exitCodeFor(error)).toBe(2);
    expect(error.file).toBe(fifo);
    expect(error.issues[0]?.message).toBe(`script ${fifo} (--script) is a FIFO, not a regular file`);
  });

  it('gives a missing file its own code when the kind has one, else the kind’s code', () => {
    const missing = join(dir, 'missing.sh');
    expect(configErrorOf(() => readInputText(missing, SCRIPT)).code).toBe('USAGE');
    const topology = { what: 'topology file', code: 'TOPOLOGY_INVALID', notFoundCode: 'NOPE' } as const;
    const error = configErrorOf(() => readInputText(missing, topology));
    expect([error.code, error.issues[0]?.message]).toEqual([
      'NOPE',
      `topology file ${missing} does not exist`,
    ]);
  });

  it('refuses a file over the cap before reading it', () => {
    const huge = join(dir, 'huge.sh');
    writeFileSync(huge, '');
    truncateSync(huge, 50 * MAX_INPUT_BYTES);
    expect(configErrorOf(() => readInputText(huge, SCRIPT)).message).toMatch(
      /script .*huge\.sh \(--script\) is larger than 1048576 bytes/,
    );
  });
});
