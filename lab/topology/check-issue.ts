import type { Issue } from '../../applier/errors.js';

/** A validation problem before its line is known. */
export type PathIssue = Omit<Issue, 'line' | 'column'>;

/** Reports every later occurrence of an already-seen key, at that occurrence's path. */
export function duplicates<T>(
  items: readonly T[],
  key: (item: T) => string,
  path: (index: number) => (string | number)[],
  what: string,
): PathIssue[] {
  const seen = new Map<string, number>();
  const issues: PathIssue[] = [];
  items.forEach((item, index) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, index);
    else issues.push({ path: path(index), message: `duplicate ${what} "${k}" (first at index ${first})` });
  });
  return issues;
}
