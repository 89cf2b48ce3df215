import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packedProject } from '../applier/test-support/packed-project.js';

const SUITE = 'examples/ci-suite';

type Manifest = { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

// A user's own suite on multihome/vitest, checked as the user would run it: from the packed tarball,
// type-checked, then run (it brings up two labs of its own).
describe('examples/ci-suite from the packed package', () => {
  it('installs from the tarball, type-checks, and passes', { timeout: 900_000 }, async () => {
    const manifest = JSON.parse(readFileSync(join(SUITE, 'package.json'), 'utf8')) as Manifest;
    const { multihome, ...dependencies } = manifest.dependencies ?? {};
    expect(multihome, 'the suite depends on multihome').toBeDefined();
    const files = Object.fromEntries(
      readdirSync(SUITE)
        .filter((name) => name !== 'package.json')
        .map((name) => [name, readFileSync(join(SUITE, name), 'utf8')]),
    );
    await using project = await packedProject({
      dependencies: { ...dependencies, ...manifest.devDependencies },
      files,
    });
    expect(project.packed).toContain('dist/scenarios/vitest/index.d.ts');
    const tsc = await project.run('npx', ['tsc', '--noEmit']);
    expect(tsc.exitCode, `${tsc.stdout}${tsc.stderr}`).toBe(0);
    // Two labs, one after the other, each up and through its flows: minutes on a busy machine.
    const reporters = ['--reporter=default', '--reporter=junit', '--outputFile.junit=junit.xml'];
    const run = await project.run('npx', ['vitest', 'run', ...reporters], { timeoutMs: 600_000 });
    expect(run.exitCode, `${run.stdout}${run.stderr}`).toBe(0);
    const junit = readFileSync(join(project.dir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuites [^>]*tests="2" failures="0" errors="0"/);
  });
});
