import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  cpSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { isAlive, killAllIn } from '../process-alive.js';
import { mustRun } from '../runner/must-run.js';
import { NamespaceRunner } from '../runner/namespace-runner.js';

/** Where live test namespaces are registered (owner pid and names), so a killed run is swept later. */
export const TEST_NAMESPACES_DIR = '/run/multihome-test';

type Entry = { readonly pid: number; readonly namespaces: readonly string[] };

/**
 * The one namespace primitive of the kernel tests and the benches: a throwaway network namespace
 * `mh-<purpose>-<random>` with loopback up and its own /etc/iproute2 (under /etc/netns/<name>/, so
 * the table and protocol names the applier writes stay with it). It is registered before it is made;
 * `dispose` (or `await using`) kills what runs inside, deletes it and forgets what multihome kept for
 * it; a run killed meanwhile is swept by the next `create`. Only veth links: no kernel modules.
 */
export class TestNamespace implements AsyncDisposable {
  readonly name: string;
  readonly runner: NamespaceRunner;
  #gone = false;

  private constructor(name: string) {
    this.name = name;
    this.runner = new NamespaceRunner(name);
  }

  /** Creates and registers the namespace (synchronously, for sync fixtures). */
  static createSync(purpose: string): TestNamespace {
    sweepAbandonedNamespaces();
    const ns = new TestNamespace(`mh-${purpose}-${randomBytes(3).toString('hex')}`);
    mkdirSync(TEST_NAMESPACES_DIR, { recursive: true });
    const entry: Entry = { pid: process.pid, namespaces: [ns.name] };
    writeFileSync(join(TEST_NAMESPACES_DIR, ns.name), JSON.stringify(entry));
    try {
      execFileSync('ip', ['netns', 'add', ns.name], { stdio: 'pipe' });
      // A fresh namespace owns no ledger. The kernel reuses a freed inode at once, so a namespace
      // deleted without `multihome remove` (by hand, or by a run killed before its cleanup) may have
      // left one under this inode, and a test comparing files before and after would trip on it.
      rmSync(`/run/multihome/${statSync(`/run/netns/${ns.name}`).ino}`, { recursive: true, force: true });
      cpSync('/etc/iproute2', `/etc/netns/${ns.name}/iproute2`, {
        recursive: true,
        filter: (source) => !/\/rt_(protos|tables)\.d\/multihome[^/]*\.conf$/.test(source),
      });
      ns.sh(['ip', 'link', 'set', 'lo', 'up']);
    } catch (error) {
      ns.dispose();
      throw error;
    }
    return ns;
  }

  /** Creates and registers the namespace. */
  static async create(purpose: string): Promise<TestNamespace> {
    return TestNamespace.createSync(purpose);
  }

  /** Runs argv in the namespace and returns stdout; throws with stderr when it fails. */
  sh(argv: readonly string[], input?: string): string {
    return execFileSync('ip', ['netns', 'exec', this.name, ...argv], {
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(input === undefined ? {} : { input }),
    });
  }

  /** Runs argv in the namespace through its runner (`mustRun`: a failure throws a CommandError). */
  must(argv: readonly string[], input?: string): Promise<string> {
    return mustRun(this.runner, argv, input === undefined ? {} : { input });
  }

  /** Runs several `ip` commands, one per line, through `ip -batch -`. */
  async ipBatch(lines: readonly string[]): Promise<void> {
    if (lines.length > 0) await this.must(['ip', '-batch', '-'], `${lines.join('\n')}\n`);
  }

  /** A veth pair inside the namespace, both ends up (links without carrier give linkdown routes). */
  async veth(name: string, peer: string): Promise<void> {
    await this.ipBatch([
      `link add ${name} type veth peer name ${peer}`,
      `link set ${name} up`,
      `link set ${peer} up`,
    ]);
  }

  /** Kills what runs inside, deletes the namespace and what multihome kept for it; safe to call twice. */
  dispose(): void {
    if (this.#gone) return;
    this.#gone = true;
    removeNamespace(this.name);
    rmSync(join(TEST_NAMESPACES_DIR, this.name), { force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.dispose();
  }
}

/** Deletes registered namespaces whose owning process died (a run killed by Ctrl-C or a timeout). */
export function sweepAbandonedNamespaces(): string[] {
  const swept: string[] = [];
  for (const file of readdirSafe(TEST_NAMESPACES_DIR)) {
    let entry: Partial<Entry> = {};
    try {
      entry = JSON.parse(readFileSync(join(TEST_NAMESPACES_DIR, file), 'utf8')) as Partial<Entry>;
    } catch {
      continue;
    }
    if (entry.pid === undefined || isAlive(entry.pid)) continue;
    for (const name of entry.namespaces ?? []) {
      removeNamespace(name);
      swept.push(name);
    }
    rmSync(join(TEST_NAMESPACES_DIR, file), { force: true });
  }
  return swept;
}

// The name first, so nothing enters by it any more (a bench interrupted while a command was starting
// inside), then every process inside, found by inode until a sweep finds none; the open file keeps
// the inode from naming another namespace meanwhile. Then the files multihome keeps per namespace:
// the ledger under /run/multihome/<inode> (a later namespace may reuse the inode) and the /etc/netns copy.
function removeNamespace(name: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(`/run/netns/${name}`, 'r');
  } catch {
    fd = undefined;
  }
  try {
    spawnSync('ip', ['netns', 'delete', name]);
    rmSync(`/etc/netns/${name}`, { recursive: true, force: true });
    if (fd === undefined) return;
    const inode = fstatSync(fd).ino;
    const left = killAllIn(new Set([inode]));
    if (left.length > 0) throw new Error(`namespace ${name}: processes ${left.join(' ')} did not exit`);
    rmSync(`/run/multihome/${inode}`, { recursive: true, force: true });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
