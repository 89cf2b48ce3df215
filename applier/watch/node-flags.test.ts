import { describe, expect, it } from 'vitest';
import { WATCH_NODE_FLAGS, watchRelaunchArgv } from './node-flags.js';

describe('watchRelaunchArgv', () => {
  it('starts `watch` again with the flags first, keeping the Node options and arguments it had', () => {
    expect(
      watchRelaunchArgv(['node', '/x/bin.js', 'watch', '-c', 'f.yaml', '--json'], ['--import', 'hook.mjs']),
    ).toEqual([
      'node',
      ...WATCH_NODE_FLAGS,
      '--import',
      'hook.mjs',
      '/x/bin.js',
      'watch',
      '-c',
      'f.yaml',
      '--json',
    ]);
  });

  it('leaves other commands, and a watch that has its flags, as they are', () => {
    expect(watchRelaunchArgv(['node', '/x/bin.js', 'apply', '-c', 'watch'], [])).toBeUndefined();
    expect(watchRelaunchArgv(['node', '/x/bin.js', '--help'], [])).toBeUndefined();
    expect(
      watchRelaunchArgv(['node', '/x/bin.js', 'watch', '-c', 'f'], [...WATCH_NODE_FLAGS]),
    ).toBeUndefined();
  });
});
