/** Order-independent identity of a plain object, so state read twice compares equal however it was built. */
export function canonicalKey(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortKeys(inner)]));
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
