/**
 * Turns chunks of a byte stream into whole lines for a `spawn` callback; a partial last line waits
 * for the next chunk. Lines longer than `maxLine` are cut, so a runaway child cannot grow memory.
 */
export function lineSplitter(onLine: (line: string) => void, maxLine = 65_536): (chunk: Buffer) => void {
  let rest = '';
  return (chunk) => {
    const text = rest + chunk.toString('utf8');
    const lines = text.split('\n');
    rest = (lines.pop() ?? '').slice(-maxLine);
    for (const line of lines) onLine(line);
  };
}

/** Keeps the last `max` characters written, for the stderr of a long-running command. */
export function tailKeeper(max = 4_096): { add(chunk: Buffer): void; text(): string } {
  let tail = '';
  return {
    add: (chunk) => {
      tail = (tail + chunk.toString('utf8')).slice(-max);
    },
    text: () => tail,
  };
}
