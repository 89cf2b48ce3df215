import { describe, expect, it } from 'vitest';
import { newMarker } from '../runner/shell-text.js';
import { filesFrom } from './remote-file.js';

describe('filesFrom', () => {
  it('splits files back exactly, a missing one as null and a text without final newline intact', () => {
    const marker = newMarker();
    const stdout = `${marker}E\n77 multihome\n${marker}A\n${marker}E\nno newline${marker}E\n`;
    expect(filesFrom(stdout, marker, ['/a', '/b', '/c', '/d'])).toEqual({
      '/a': '77 multihome\n',
      '/b': null,
      '/c': 'no newline',
      '/d': '',
    });
  });
});
