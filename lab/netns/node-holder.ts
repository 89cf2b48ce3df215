import { spawn } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { processStartTime } from '../../applier/process-alive.js';
import { LabError } from '../errors.js';
import { namespaceInode } from './namespace-processes.js';

/**
 * The process that holds a node's namespaces for the lab's life: `ip netns exec` made its mount
 * namespace (the node's sysfs, /etc/netns/<ns>/* over /etc) and it bound the node's directory over
 * /run there, then became `sleep infinity`. Every node command enters its network and mount
 * namespaces with `nsenter`, so the node's setup is paid once, not per command. `started` is the
 * kernel's start time of the pid (/proc/<pid>/stat): with pid_max as low as 32768 a pid comes round
 * again within one suite, and pid and start time together name one process.
 */
export type NodeHolder = { readonly pid: number; readonly started: string };

// Once /run is the node's, nothing is left of the shell: sleep holds the namespaces, writes nothing.
const HOLD = 'mount --bind "$0" /run && echo held && exec sleep infinity </dev/null >/dev/null 2>&1';

/**
 * Starts a node's holder in its own session, so a terminal's Ctrl-C or the end of this process
 * (a lab left up by `lab up`) does not take it: only removing the lab's namespaces kills it (it is
 * found, as every process of the lab, by its network namespace). Resolves once /run is bound.
 */
export function startHolder(namespace: string, dir: string): Promise<NodeHolder> {
  const child = spawn('ip', ['netns', 'exec', namespace, 'sh', '-c', HOLD, dir], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let held = '';
  return new Promise<NodeHolder>((resolve, reject) => {
    const fail = (why: string) =>
      reject(new LabError('LAB_FAILED', `holder of ${namespace}: ${why}`, { source: 'system' }));
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stdout.on('data', (chunk: Buffer) => {
      held += chunk.toString('utf8');
      if (held !== 'held\n') return;
      const started = child.pid === undefined ? undefined : processStartTime(child.pid);
      if (child.pid === undefined || started === undefined) return fail('exited before it held');
      child.stdout.destroy();
      child.stderr.destroy();
      child.unref();
      resolve({ pid: child.pid, started });
    });
    child.on('error', (error) => fail(error.message));
    child.on('exit', (code) => fail(`exited ${code}: ${output.trim()}`));
  });
}

/**
 * Whether `holder` is still the process that was recorded and holds `namespace` (by the inode
 * `ip netns` pins). Two reads of /proc: cheap enough to run before every command.
 */
export function holds(holder: NodeHolder, namespace?: string): boolean {
  if (processStartTime(holder.pid) !== holder.started) return false;
  if (namespace === undefined) return true;
  try {
    return readlinkSync(`/proc/${holder.pid}/ns/net`) === `net:[${namespaceInode(namespace)}]`;
  } catch {
    return false;
  }
}
