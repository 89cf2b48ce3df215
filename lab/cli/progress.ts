/** Prints one line per long step: with its time on a terminal, plain otherwise (logs, CI, pipes). */
export function progressPrinter(
  write: (line: string) => void,
  tty: boolean = process.stderr.isTTY === true,
): (step: string, elapsedMs?: number) => void {
  return (step, elapsedMs) => {
    write(tty && elapsedMs !== undefined ? `  ✓ ${step} (${formatMs(elapsedMs)})` : step);
  };
}

/** `850 ms` or `2.3 s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
