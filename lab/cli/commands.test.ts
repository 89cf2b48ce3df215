import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it, onTestFinished } from 'vitest';
import { exitCodeFor } from '../../applier/errors.js';
import { describePrune, registerLabCommands } from './commands.js';

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

// A file of this test's own under /tmp, removed when the test ends.
function tempFile(name: string): string {
  const file = join(tmpdir(), `mh-${name}-${process.pid}.yaml`);
  onTestFinished(() => rm(file, { force: true }));
  return file;
}

describe('multihome lab (no Docker needed)', () => {
  it('graph prints the default topology as Mermaid', async () => {
    const { out, code } = await run(['lab', 'graph']);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/^(flowchart|graph) /m);
  });

  it('up with a broken topology file exits 2 and names the file', async () => {
    const file = tempFile('broken');
    await writeFile(file, 'name: broken\nisps: 7\n');
    const { err, code } = await run(['lab', 'up', '--topology', file, '--name', 'never-made']);
    expect(code).toBe(2);
    expect(err.join('\n')).toContain(file);
  });

  it('graph --config draws the lab derived from a production config', async () => {
    const file = tempFile('prod');
    await writeFile(
      file,
      'uplinks:\n  - { name: fiber, interface: enp1s0, address: 198.51.100.10/24, gateway: 198.51.100.1 }\n  - { name: dsl, interface: enp2s0, address: 203.0.113.10/24, gateway: 203.0.113.1 }\n',
    );
    const { out, code } = await run(['lab', 'graph', '--config', file]);
    expect(code).toBe(0);
    const graph = out.join('\n');
    for (const word of ['fiber', 'dsl', 'enp1s0', 'enp2s0', '198.51.100.10', '203.0.113.1'])
      expect(graph).toContain(word);
  });

  it('graph --config draws a LAN and its forwarded server behind each lan interface', async () => {
    const { out, code } = await run(['lab', 'graph', '--config', 'examples/prod.yaml']);
    expect(code).toBe(0);
    const graph = out.join('\n');
    expect(graph).toContain('router ---|"dmz: 10.11.0.1/24, fd10:11::1/64"| segment_lan1');
    expect(graph).toMatch(
      /lan_br_lan_server\["br-lan-server<br\/>10\.10\.0\.10<br\/>fd10:10::10<br\/>tcp 8080→80"\]/,
    );
    expect(graph).toContain('segment_lan1 --- lan_dmz_server');
  });

  it('up --config with an uplink no lab can have exits 2 at its line, before any Docker call', async () => {
    const file = tempFile('onlink');
    await writeFile(
      file,
      'uplinks:\n  - name: a\n    interface: eth0\n    address: 198.51.100.10/32\n    gateway: 198.51.100.1\n    onlink: true\n',
    );
    const { err, code } = await run(['lab', 'up', '--config', file, '--name', 'never-made']);
    expect(code).toBe(2);
    expect(err.join('\n')).toContain(`${file}:5`);
    expect(err.join('\n')).toContain('uplinks[0].gateway');
  });

  it('refuses --topology together with --config', async () => {
    const { err, code } = await run(['lab', 'graph', '--config', 'a.yaml', '--topology', 'b.yaml']);
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('not both');
  });
});

describe('multihome lab prune (what it says; no lab is pruned here)', () => {
  it('names each lab it left to a live holder, with the pid, then what it removed', () => {
    const lines = describePrune({
      containers: 8,
      networks: 0,
      stuck: [],
      namespaces: 0,
      held: [
        { name: 'ci-a', runtime: 'docker', pid: 4242 },
        { name: 'ci-b', runtime: 'netns', pid: 4343 },
      ],
    });
    expect(lines).toEqual([
      'skipped ci-a (docker): held by live process 4242; `lab prune --all` removes it too',
      'skipped ci-b (netns): held by live process 4343; `lab prune --all` removes it too',
      'removed 0 namespaces (netns), 8 containers and 0 networks (docker)',
    ]);
  });

  it('--help says which labs it leaves, and offers --all', () => {
    const program = new Command('multihome');
    registerLabCommands(program, { out: () => {}, err: () => {} });
    const prune = program.commands
      .find((command) => command.name() === 'lab')
      ?.commands.find((command) => command.name() === 'prune');
    const help = prune?.helpInformation() ?? '';
    expect(help).toContain('Remove every lab no live process holds');
    expect(help).toContain('holder pid');
    expect(help).toMatch(/--all\s+remove the labs that live processes hold too/);
  });
});
