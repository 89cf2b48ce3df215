import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository part of the lab image's tag; the tag itself is the inputs' hash. */
export const LAB_IMAGE_REPOSITORY = 'multihome-lab';

/**
 * The source docker/ directory, found from this module whether it runs as docker/*.ts (vitest)
 * or dist/docker/*.js (the CLI), by walking up to the package root.
 */
export function dockerDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the multihome package root above this module');
    dir = parent;
  }
  return join(dir, 'docker');
}

/**
 * The files of `dir` that go into the image: everything but the TypeScript that builds it
 * (and its tests), so editing the builder's code does not force a rebuild.
 */
export async function listImageInputs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && !/\.(ts|js|map)$/.test(entry.name))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** First 12 hex digits of a sha256 over the input files' names and contents. */
export async function imageInputsHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const name of await listImageInputs(dir)) {
    hash.update(`${name}\0`);
    hash.update(await readFile(join(dir, name)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/** The lab image's tag for a docker/ directory: `multihome-lab:<hash>`. */
export async function labImageTag(dir: string = dockerDir()): Promise<string> {
  return `${LAB_IMAGE_REPOSITORY}:${await imageInputsHash(dir)}`;
}
