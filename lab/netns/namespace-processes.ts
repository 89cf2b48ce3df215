import { statSync } from 'node:fs';
import { isAlive, processesInInodes } from '../../applier/process-alive.js';

/** The inode that names a network namespace (`net:[<inode>]`), or undefined when it is gone. */
export function namespaceInode(namespace: string): number | undefined {
  try {
    return statSync(`/run/netns/${namespace}`).ino;
  } catch {
    return undefined;
  }
}

/** Pids of every process whose network namespace is one of `namespaces` (by inode, from /proc). */
export function processesIn(namespaces: readonly string[]): number[] {
  return processesInInodes(
    new Set(namespaces.map((ns) => namespaceInode(ns)).filter((ino): ino is number => ino !== undefined)),
  );
}

/** Sends `signal` to each pid; one that already exited is fine. */
export function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // gone
    }
  }
}

/** Waits (polling, with a deadline) until every pid has exited; a zombie counts as exited (`isAlive`). */
export async function waitExited(pids: readonly number[], deadlineMs = 5_000): Promise<number[]> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0 || Date.now() > until) return alive;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
