import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalRunner } from '../runner/local-runner.js';
import { packageRoot, requireBuiltCli } from './cli-path.js';
import { sweepAbandoned } from './world/registry.js';

describe('a world whose test run was killed', () => {
  beforeAll(async () => {
    await requireBuiltCli();
  });

  it('is swept by the next run: its namespaces and processes are gone', async () => {
    const world = join(packageRoot(), 'dist', 'applier', 'e2e', 'netns-world.js');
    const script = `const { NetnsWorld } = await import(${JSON.stringify(world)});
      const w = await NetnsWorld.create(); console.log(JSON.stringify(Object.values(w.ns))); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const names = JSON.parse(line) as string[];
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;

    const host = new LocalRunner();
    expect((await host.run(['ip', 'netns', 'list'])).stdout).toContain(names[0]);
    const swept = await sweepAbandoned();
    expect(swept).toEqual(expect.arrayContaining(names));
    const listed = (await host.run(['ip', 'netns', 'list'])).stdout;
    for (const name of names) expect(listed, name).not.toContain(name);
  });
});
