import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalRunner } from '../../runner/local-runner.js';
import { forgetNamespaceFiles, namespaceInode } from './namespace-files.js';
import { waitFor } from './wait-for.js';

/** Where each live world records its owner's pid and its namespaces, so a killed run is swept later. */
export const REGISTRY_DIR = '/run/multihome-e2e';

type Entry = { readonly pid: number; readonly namespaces: readonly string[] };

/** Records that this process owns `namespaces` under `id`. */
export async function register(id: string, namespaces: readonly string[]): Promise<void> {
  await mkdir(REGISTRY_DIR, { recursive: true });
  const entry: Entry = { pid: process.pid, namespaces };
  await writeFile(join(REGISTRY_DIR, id), JSON.stringify(entry));
}

/** Forgets `id` after its namespaces are gone. */
export async function unregister(id: string): Promise<void> {
  await rm(join(REGISTRY_DIR, id), { force: true });
}

/**
 * Deletes the namespaces of worlds whose owning process has died (a run killed by Ctrl-C or a
 * timeout). Only registered namespaces are touched, never anything else named `mh-k-…`.
 */
export async function sweepAbandoned(): Promise<string[]> {
  const ids = await readdir(REGISTRY_DIR).catch(() => [] as string[]);
  const swept: string[] = [];
  for (const id of ids) {
    const entry = await readEntry(id);
    if (entry.pid === undefined || processAlive(entry.pid)) continue;
    for (const name of entry.namespaces ?? []) {
      await deleteNamespace(name);
      swept.push(name);
    }
    await unregister(id);
  }
  return swept;
}

/** Kills whatever still runs inside `name`, deletes it, and forgets its files; reports a failure. */
export async function deleteNamespace(name: string): Promise<string | undefined> {
  const host = new LocalRunner();
  const inode = await namespaceInode(name);
  const pids = (await host.run(['ip', 'netns', 'pids', name])).stdout.split(/\s+/).filter(Boolean);
  if (pids.length > 0) await host.run(['kill', '-KILL', ...pids]);
  const settled = await waitFor(`every process in ${name} to exit`, async () =>
    (await host.run(['ip', 'netns', 'pids', name])).stdout.trim() === '' ? true : undefined,
  ).catch((error: unknown) => String(error));
  const deleted = await host.run(['ip', 'netns', 'delete', name]);
  await forgetNamespaceFiles(name, inode);
  const missing = deleted.stderr.includes('No such file');
  if (deleted.exitCode !== 0 && !missing) return `${name}: ${deleted.stderr.trim()}`;
  return settled === true ? undefined : settled;
}

async function readEntry(id: string): Promise<Partial<Entry>> {
  try {
    return JSON.parse(await readFile(join(REGISTRY_DIR, id), 'utf8')) as Partial<Entry>;
  } catch {
    return {};
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
