import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * True when a process with this pid runs: it exists (EPERM means it is someone else's) and is no
 * zombie, which has exited and only waits for its parent to reap it, so it holds nothing any more.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const state = statFields(pid)?.[0];
  return state !== 'Z' && state !== 'X';
}

/**
 * A process's start time (field 22 of /proc/<pid>/stat), which tells a reused pid apart; undefined
 * when the process is gone.
 */
export function processStartTime(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

// The fields of /proc/<pid>/stat after the command name (which may hold spaces and parens), from the
// state (field 3) on; undefined when the file cannot be read (gone, or /proc mounted hidepid).
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * True while the process recorded as `pid`, started at `started` (`processStartTime`), still runs:
 * a later process that reuses the pid started at another time and does not count. Without a start
 * time, or where /proc hides the process (hidepid), the pid alone answers.
 */
export function stillRuns(pid: number, started?: string | null): boolean {
  if (!isAlive(pid)) return false;
  const now = started === undefined || started === null ? undefined : processStartTime(pid);
  return now === undefined || now === started;
}

/**
 * Pids of every process (this one left out) whose network namespace has one of these inodes, from
 * /proc; a zombie has none.
 */
export function processesInInodes(inodes: ReadonlySet<number>): number[] {
  if (inodes.size === 0) return [];
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const link = readlinkSync(`/proc/${entry}/ns/net`);
      if (inodes.has(Number(/net:\[(\d+)\]/.exec(link)?.[1]))) found.push(Number(entry));
    } catch {
      // exited meanwhile, or a kernel thread
    }
  }
  return found.filter((pid) => pid !== process.pid);
}

/**
 * SIGKILLs every process in the network namespaces of `inodes`, sweeping again every 5 ms until a
 * sweep finds none (a process inside may fork meanwhile); gives back what is still there at the
 * deadline. Synchronous, so that a sync `dispose` can use it: it blocks while the processes die.
 */
export function killAllIn(inodes: ReadonlySet<number>, deadlineMs = 5_000): number[] {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + deadlineMs;
  for (;;) {
    const pids = processesInInodes(inodes);
    if (pids.length === 0 || Date.now() > until) return pids;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    Atomics.wait(pause, 0, 0, 5);
  }
}
