import { sortKeys } from '../plan/sort-keys.js';

/** Order-independent identity of a plain object, so state read twice compares equal however it was built. */
export function canonicalKey(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** Items of `a` whose canonical key is not among `b`'s (a set difference that ignores key order). */
export function missingFrom<T>(a: readonly T[], b: readonly T[]): T[] {
  const keys = new Set(b.map(canonicalKey));
  return a.filter((item) => !keys.has(canonicalKey(item)));
}

/** Drops repeated items (same canonical key), keeping the first. */
export function uniqueItems<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = canonicalKey(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
