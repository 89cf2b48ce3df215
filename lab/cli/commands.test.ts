import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../applier/errors.js';
import { registerLabCommands } from './commands.js';

// The lab commands in-process, with their output captured; errors surface as the entry point sees them.
async function run(argv: string[]): Promise<{ out: string[]; err: string[]; code: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('multihome').exitOverride();
  registerLabCommands(program, { out: (text) => out.push(text), err: (text) => err.push(text) });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return { out, err, code: 0 };
  } catch (error) {
    return { out, err: [...err, String(error)], code: exitCodeFor(error) };
  }
}

describe('multihome lab (no Docker needed)', () => {
  it('graph prints the default topology as Mermaid', async () => {
    const { out, code } = await run(['lab', 'graph']);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/^(flowchart|graph) /m);
  });

  it('up with a broken topology file exits 2 and names the file', async () => {
    const file = join(tmpdir(), `mh-broken-${process.pid}.yaml`);
    await writeFile(file, 'name: broken\nisps: 7\n');
    const { err, code } = await run(['lab', 'up', '--topology', file, '--name', 'never-made']);
    expect(code).toBe(2);
    expect(err.join('\n')).toContain(file);
  });
});
