import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { labObjects, testDocker } from '../test-support/lab-fixtures.js';
import { registerLabCommands } from './commands.js';

async function run(argv: string[]): Promise<{ out: string; code: number }> {
  const out: string[] = [];
  const program = new Command('multihome').exitOverride();
  registerLabCommands(program, { out: (text) => out.push(text), err: () => {} });
  process.exitCode = undefined;
  await program.parseAsync(argv, { from: 'user' });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { out: out.join('\n'), code };
}

describe('multihome lab up / ls / exec / down', () => {
  it('leaves a lab running that later commands find by name, and removes it on down', async () => {
    const name = `mh-test-cli-${randomBytes(3).toString('hex')}`;
    try {
      const up = await run(['lab', 'up', '--name', name]);
      expect(up.out).toContain(`lab ${name} is up`);
      expect(up.out).toContain('198.51.100.10/24');
      expect((await run(['lab', 'ls'])).out).toContain(name);
      expect(
        (await run(['lab', 'exec', name, 'client:client1', '--', 'ping', '-c1', '-W2', '198.51.100.10']))
          .code,
      ).toBe(0);
      expect((await run(['lab', 'exec', name, 'router', '--', 'sh', '-c', 'exit 7'])).code).toBe(7);
      await run(['lab', 'down', name]);
      expect(await labObjects(await testDocker(), name)).toEqual([]);
    } finally {
      await run(['lab', 'down', name]).catch(() => undefined);
    }
  });
});
