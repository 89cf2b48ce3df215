import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest directory above this file whose package.json is multihome's. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'multihome'
    ) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no multihome package.json above ${from}`);
  }
}

/** The compiled CLI, as users run it (`bin.multihome`). */
export function cliPath(): string {
  return join(packageRoot(), 'dist', 'applier', 'cli', 'main.js');
}
