import { spawn } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { disposedAfterEach } from '../apply/test-support/netns-host.js';
import { runCli } from '../cli/test-support/run-cli.js';
import { MultihomeError } from '../errors.js';
import { processesInInodes } from '../process-alive.js';
import { typescriptArgv } from '../test-support/typescript-argv.js';
import { withNamespaceLock } from './lock.js';
import { namespaceId, protosPath, tableNamesPath } from './paths.js';

const host = disposedAfterEach();

async function failure(promise: Promise<unknown>): Promise<MultihomeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MultihomeError) return error;
    throw error;
  }
  throw new Error('expected a MultihomeError');
}

describe('withNamespaceLock', () => {
  it('lets one run in at a time; the second waits and then runs', async () => {
    const h = host('lk');
    const order: string[] = [];
    let releaseFirst = () => {};
    const firstIn = new Promise<void>((entered) => {
      void withNamespaceLock(h.runner, async () => {
        order.push('first in');
        entered();
        await new Promise<void>((resolve) => {
          releaseFirst = resolve;
        });
        order.push('first out');
      });
    });
    await firstIn;
    const second = withNamespaceLock(h.runner, async (lock) => {
      order.push('second in');
      return lock.nsid;
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(order).toEqual(['first in']);
    releaseFirst();
    expect(await second).toBe(await namespaceId(h.runner));
    expect(order).toEqual(['first in', 'first out', 'second in']);
  });

  it('gives up after --wait seconds naming the holder, and a killed holder frees the lock', async () => {
    const h = host('lkk');
    const script = fileURLToPath(new URL('./test-support/hold-lock.ts', import.meta.url));
    const [node = process.execPath, ...args] = typescriptArgv(script, [h.name]);
    const child = spawn(node, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
      child.on('exit', () => reject(new Error('the holder ended before it held the lock')));
    });
    const busy = await failure(withNamespaceLock(h.runner, async () => {}, { waitSeconds: 1 }));
    expect(busy.code).toBe('LOCK_BUSY');
    expect(busy.message).toContain(`PID ${child.pid} (multihome `);
    expect(busy.message).toContain('waited 1 s');
    // The same through the CLI, for each command that takes the lock: exit 1, the holder named.
    for (const command of [['apply', '-c', h.configPath], ['remove']]) {
      const run = runCli([...command, '--wait', '1'], { netns: h.name });
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain(`PID ${child.pid} (multihome `);
    }
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(await withNamespaceLock(h.runner, async () => 'in', { waitSeconds: 10 })).toBe('in');
  });

  it('refuses a state directory that is a symbolic link or not owned by root', async () => {
    const h = host('lks');
    const dir = `/run/multihome/${await namespaceId(h.runner)}`;
    const elsewhere = mkdtempSync(join(tmpdir(), 'h3-lock-'));
    try {
      rmSync(dir, { recursive: true, force: true });
      symlinkSync(elsewhere, dir);
      const linked = await failure(withNamespaceLock(h.runner, async () => {}));
      expect(linked.message).toMatch(/is a symbolic link; remove it and run again/);
      rmSync(dir);
      mkdirSync(dir, { mode: 0o700 });
      chownSync(dir, 1000, 1000);
      const foreign = await failure(withNamespaceLock(h.runner, async () => {}));
      expect(foreign.message).toMatch(/is not owned by root/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('sweeps the temp files a killed run in this namespace left, dangling links too, and no others', async () => {
    const h = host('lkt');
    const nsid = await namespaceId(h.runner);
    await withNamespaceLock(h.runner, async () => {});
    const dir = `/run/multihome/${nsid}`;
    const left = [
      `${dir}/.ledger.json.${nsid}.tmp-a1B2c3`,
      `${dirname(tableNamesPath(nsid))}/.multihome-${nsid}.conf.${nsid}.tmp-d4E5f6`,
      `${dirname(protosPath(nsid))}/.multihome-${nsid}.conf.${nsid}.tmp-g7H8i9`,
    ];
    const dangling = `${dir}/.intent.json.${nsid}.tmp-j0K1l2`;
    const others = [`${dir}/.ledger.json.1.tmp-m3N4o5`, `${dir}/ledger.json.tmp-p6`];
    // Through the namespace's runner: it may see its own /etc/netns/<name>/iproute2 as /etc/iproute2.
    const inNamespace = (script: string, paths: readonly string[]) =>
      h.sh(['sh', '-c', script, 'sh', ...paths]);
    const present = (paths: readonly string[]) =>
      inNamespace('for f; do [ -e "$f" ] || [ -L "$f" ] && echo "$f"; done; true', paths)
        .split('\n')
        .filter((line) => line !== '');
    const all = [...left, dangling, ...others];
    try {
      inNamespace('for f; do mkdir -p "$(dirname "$f")" && echo left > "$f"; done', [...left, ...others]);
      inNamespace('ln -s /nonexistent "$1"', [dangling]);
      expect(present(all)).toEqual(all);
      await withNamespaceLock(h.runner, async () => {});
      expect(present(all)).toEqual(others);
    } finally {
      inNamespace('rm -f -- "$@"', all);
    }
  });

  it('is kept while its holder finishes, when a signal hits the whole process group (Ctrl-C, a hangup, kill -TERM -PGID)', async () => {
    const h = host('lkg');
    const inode = new Set([statSync(`/run/netns/${h.name}`).ino]);
    const holders = () =>
      processesInInodes(inode).filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('multihome-lock-held');
        } catch {
          return false;
        }
      });
    const second = await withNamespaceLock(h.runner, async () => {
      // What the terminal or `kill -- -PGID` does: the same signals reach the lock's holder too,
      // while this process (the CLI defers them in a transaction) goes on under the lock.
      expect(holders()).toHaveLength(1);
      for (const pid of holders())
        for (const signal of ['SIGINT', 'SIGHUP', 'SIGTERM'] as const) process.kill(pid, signal);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return failure(withNamespaceLock(h.runner, async () => {}, { waitSeconds: 1 }));
    });
    expect(second.code).toBe('LOCK_BUSY');
    expect(holders()).toEqual([]);
  });
});
