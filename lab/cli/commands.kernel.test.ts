import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { readRecord } from '../netns/netns-record.js';
import { registerLabCommands } from './commands.js';

async function run(argv: string[]): Promise<{ out: string; err: string; code: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('multihome').exitOverride();
  registerLabCommands(program, { out: (text) => out.push(text), err: (text) => err.push(text) });
  process.exitCode = undefined;
  await program.parseAsync(argv, { from: 'user' });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { out: out.join('\n'), err: err.join('\n'), code };
}

describe('multihome lab up / ls / exec / down --runtime netns', () => {
  it('leaves a netns lab running that later commands find by name, says so, and removes it on down', async () => {
    const name = `h2-test-cli-${randomBytes(3).toString('hex')}`;
    try {
      const up = await run(['lab', 'up', '--runtime', 'netns', '--name', name]);
      expect(up.out).toContain(`lab ${name} is up on netns`);
      expect(up.out).toContain('198.51.100.10/24');
      const ls = (await run(['lab', 'ls'])).out.split('\n');
      expect(ls[0]).toMatch(/^name +runtime +topology +running +created$/);
      expect(ls).toContainEqual(expect.stringMatching(new RegExp(`^${name} +netns +article +7/7 +\\d{4}-`)));
      const ping = await run([
        'lab',
        'exec',
        name,
        'client:client1',
        '--',
        'ping',
        '-c1',
        '-W2',
        '198.51.100.10',
      ]);
      expect(ping.code).toBe(0);
      expect((await run(['lab', 'exec', name, 'router', '--', 'sh', '-c', 'exit 7'])).code).toBe(7);
      const down = await run(['lab', 'down', name]);
      expect(down.err).toContain(`lab ${name} removed (netns)`);
      expect(await readRecord(name)).toBeUndefined();
    } finally {
      if ((await readRecord(name)) !== undefined) await run(['lab', 'down', name]);
    }
  });
});
