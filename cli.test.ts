import { describe, expect, it } from 'vitest';
import { main } from './cli.js';

// Only argument errors, which stop before any runner exists, so these run on any machine.
describe('applier commands: usage errors exit 2 before touching anything', () => {
  it.each([
    [['apply']],
    [['plan', '--json']],
    [['apply', '-c', 'x.yaml', '--confirm', 'soon']],
    [['apply', '-c', 'x.yaml', '--confirm', '0']],
    [['status', '--netns', '../etc']],
    [['confirm', '--netns', 'mh-definitely-not-there']],
    [['rollback', '--pending', 'x', '--after', 'never']],
  ])('%j', async (argv) => {
    const stderr = process.stderr.write;
    let written = '';
    process.stderr.write = ((chunk: string) => {
      written += chunk;
      return true;
    }) as typeof process.stderr.write;
    try {
      expect(await main(argv)).toBe(2);
    } finally {
      process.stderr.write = stderr;
    }
    expect(written).not.toBe('');
  });
});
