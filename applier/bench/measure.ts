import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** One timed process: wall time from spawn to exit, and what it printed. */
export type Timed = {
  readonly ms: number;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
};

/** Runs argv to completion and measures its wall time, process start included. */
export function timeProcess(argv: readonly string[], input?: string): Promise<Timed> {
  const [file, ...args] = argv;
  if (file === undefined) throw new TypeError('timeProcess: empty argv');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      resolve({
        ms,
        exitCode: code ?? 1,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}
