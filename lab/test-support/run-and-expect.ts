/**
 * FRR topotests' run_and_expect: polls `probe` until `accept` holds or the deadline passes, then
 * returns the last value (the caller's expect shows what was seen). Never a fixed sleep.
 */
export async function runAndExpect<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { deadlineMs = 15_000, intervalMs = 100 }: { deadlineMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
