import { describe, expect, it } from 'vitest';
import { parseTableNames } from '../state/parse-table-names.js';
import { nextTableNames } from './table-names.js';
import { change } from './test-support/changes.js';

describe('table names file', () => {
  it('reads id/name lines and skips comments', () => {
    expect(parseTableNames('# c\n100 mh-a\n  101\tmh-b\nbad\n')).toEqual([
      { table: 100, name: 'mh-a' },
      { table: 101, name: 'mh-b' },
    ]);
    expect(parseTableNames(null)).toEqual([]);
  });

  it('renames, adds and deletes, and is null once empty', () => {
    const next = nextTableNames('100 mh-a\n101 mh-b\n', [
      change('delete', 'table-name', { table: 101, name: 'mh-b' }),
      change('replace', 'table-name', { table: 100, name: 'mh-z' }),
    ]);
    expect(parseTableNames(next)).toEqual([{ table: 100, name: 'mh-z' }]);
    expect(nextTableNames(next, [change('delete', 'table-name', { table: 100, name: 'mh-z' })])).toBeNull();
  });
});
