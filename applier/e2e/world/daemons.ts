import { type ChildProcess, spawn } from 'node:child_process';

/** A long-running process inside a namespace (a socat service), ended by its pid at teardown. */
export type Daemon = {
  readonly namespace: string;
  readonly argv: readonly string[];
  readonly child: ChildProcess;
};

/** Starts `argv` inside `namespace`; `ip netns exec` execs in place, so the child's pid is the service's. */
export function startDaemon(namespace: string, argv: readonly string[]): Daemon {
  const child = spawn('ip', ['netns', 'exec', namespace, ...argv], { stdio: 'ignore', detached: false });
  child.on('error', () => undefined);
  return { namespace, argv, child };
}

/** Ends a daemon by its pid and waits (bounded) until it has exited. */
export async function stopDaemon(daemon: Daemon, timeoutMs = 3_000): Promise<void> {
  const { child } = daemon;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  if ((await Promise.race([exited, late])) === 'late') child.kill('SIGKILL');
  clearTimeout(timer);
}
