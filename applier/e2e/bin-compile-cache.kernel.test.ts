import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AS_NOBODY } from '../test-support/as-nobody.js';
import { binPath, requireBuiltCli } from './cli-path.js';

const run = promisify(execFile);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function cacheRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'multihome-compile-cache-'));
  dirs.push(dir);
  return dir;
}

function cachedFiles(root: string): string[] {
  const dir = join(root, 'node-compile-cache');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.includes('/'));
}

// The bin keeps V8's compiled code of the CLI for root's runs (the applier's), and only for those.
describe("the bin's compile cache", () => {
  beforeAll(requireBuiltCli);

  it("is written on root's first run under the cache directory and used by the next, same output", async () => {
    const root = cacheRoot();
    const env = { ...process.env, MULTIHOME_CACHE_DIR: root };
    const first = await run(process.execPath, [binPath(), 'apply', '--help'], { env, encoding: 'utf8' });
    const files = cachedFiles(root);
    expect(files.length).toBeGreaterThan(0);
    const second = await run(process.execPath, [binPath(), 'apply', '--help'], { env, encoding: 'utf8' });
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe('');
    expect(cachedFiles(root)).toEqual(files);
  });

  it('is never written for another user, even where that user could write', async () => {
    const root = cacheRoot();
    chmodSync(root, 0o777);
    const env = { ...process.env, MULTIHOME_CACHE_DIR: root };
    const argv = [...AS_NOBODY, process.execPath, binPath(), 'apply', '--help'];
    const { stdout } = await run('setpriv', argv, { env, encoding: 'utf8' });
    expect(stdout).toContain('Usage: multihome apply');
    expect(existsSync(join(root, 'node-compile-cache'))).toBe(false);
  });
});
