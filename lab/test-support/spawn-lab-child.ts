import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { typescriptArgv } from '../../applier/test-support/typescript-argv.js';

const child = fileURLToPath(new URL('./hold-lab-child.ts', import.meta.url));

/** A child process holding a lab, with a way to wait for what it prints. */
export type LabChild = {
  readonly process: ChildProcess;
  /** Resolves once a stdout line starts with `prefix`; rejects at the deadline or if the child exits first. */
  waitForLine(prefix: string, deadlineMs?: number): Promise<string>;
  /** Resolves with the exit code, or 128 + signal number when killed by a signal. */
  exited(): Promise<number>;
};

/** Starts `hold-lab-child.ts` (TypeScript run directly by Node) bringing up lab `name`. */
export function spawnLabChild(name: string, image: string, runtime: 'docker' | 'netns' = 'docker'): LabChild {
  const [node = process.execPath, ...args] = typescriptArgv(child, [name, image, runtime]);
  const proc = spawn(node, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { prefix: string; resolve: (line: string) => void }[] = [];
  let buffer = '';
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  proc.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of waiters.filter((w) => line.startsWith(w.prefix))) waiter.resolve(line);
    }
  });
  const exit = once(proc, 'exit').then(([code, signal]) =>
    typeof code === 'number' ? code : 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : 2),
  );
  return {
    process: proc,
    waitForLine(prefix, deadlineMs = 60_000) {
      const seen = lines.find((line) => line.startsWith(prefix));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no "${prefix}" line within ${deadlineMs} ms: ${stderr}`)),
          deadlineMs,
        );
        waiters.push({
          prefix,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        void exit.then((code) => {
          clearTimeout(timer);
          reject(new Error(`child exited ${code} before "${prefix}": ${stderr}`));
        });
      });
    },
    exited: () => exit,
  };
}
