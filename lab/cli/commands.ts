import type { Command } from 'commander';
import { LabError } from '../errors.js';
import { Lab, type LabPruneReport, type LabUpOptions } from '../lab.js';
import type { LabRuntime, StartedLab } from '../lab-types.js';
import { holdSignals } from '../runtime/signal-guard.js';
import { asciiDiagram } from '../topology/ascii-diagram.js';
import { defaultTopology } from '../topology/default-topology.js';
import { loadConfigLab } from '../topology/load-config-topology.js';
import { loadTopologyFile } from '../topology/load-topology.js';
import { mermaid } from '../topology/mermaid.js';
import type { Topology } from '../topology/types.js';
import { registerLabFlowsCommand } from './flows-command.js';
import { renderLabList } from './lab-list.js';
import { progressPrinter } from './progress.js';
import { resolveRuntime, runtimeOption } from './runtime-option.js';
import { registerSetupCommands } from './setup-commands.js';

/** Where the lab commands print; tests pass their own. */
export type LabCliIo = { readonly out: (text: string) => void; readonly err: (text: string) => void };

const defaultIo: LabCliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Registers `multihome lab up|ls|exec|flows|down|prune|graph`; each is a thin layer over `Lab`. */
export function registerLabCommands(program: Command, io: LabCliIo = defaultIo): void {
  registerSetupCommands(program, io);
  const lab = program
    .command('lab')
    .description(
      'build, inspect and tear down labs: Docker containers (labelled multihome.lab) or network namespaces',
    );

  lab
    .command('up')
    .description('Bring a lab up and leave it running; prints its nodes, addresses and a diagram.')
    .option('-t, --topology <file>', 'topology file (YAML); default: the article topology')
    .option('-c, --config <file>', 'a multihome config: bring up a lab shaped like it (one ISP per uplink)')
    .option('-n, --name <name>', 'lab name; default <topology>-<random>')
    .addOption(runtimeOption())
    .action(async (options: TopologyOptions & { name?: string; runtime?: string }) => {
      // Held from the first step: the runtime's checks start children whose exit could drop a Ctrl-C.
      const release = holdSignals();
      try {
        const topology = await topologyFrom(options);
        const runtime = await resolveRuntime(options.runtime);
        const step = progressPrinter(io.err);
        const up: LabUpOptions = {
          runtime,
          hold: true,
          onProgress: step,
          ...(options.name === undefined ? {} : { name: options.name }),
          ...(runtime === 'docker' ? await dockerImage(step) : {}),
        };
        // Held until it is described, so Ctrl-C before the command is done still removes it; only
        // then is the lab left to outlive this process, as `lab up` promises.
        const started = await Lab.up(topology, up);
        io.out(await describeLab(started));
        await started.keep();
      } finally {
        release();
      }
    });

  lab
    .command('ls')
    .description('List labs: netns labs on this host, and Docker labs when an engine answers.')
    .action(async () => io.out(renderLabList(await Lab.list())));

  lab
    .command('exec')
    .description(
      'Run a command in a lab node; exits with its exit code. Example: lab exec NAME router -- ip rule',
    )
    .argument('<name>', 'lab name')
    .argument('<node>', 'router, isp:<name>, client:<name> or lan:<name>')
    .argument('<command...>', 'the command and its arguments (after --)')
    .action(async (name: string, node: string, argv: string[]) => {
      const found = await Lab.attach(name);
      const result = await found.exec(node, argv);
      if (result.stdout) process.stdout.write(result.stdout);
      if (result.stderr) process.stderr.write(result.stderr);
      process.exitCode = result.exitCode;
    });

  registerLabFlowsCommand(lab, io);

  lab
    .command('down')
    .description('Stop captures and remove one lab (its containers and networks, or namespaces).')
    .argument('<name>', 'lab name')
    .addOption(runtimeOption('only the lab of this runtime, when both have the name'))
    .action(async (name: string, options: { runtime?: LabRuntime }) => {
      const started = performance.now();
      const found = await Lab.attach(name, options.runtime === undefined ? {} : { runtime: options.runtime });
      await found.down();
      progressPrinter(io.err)(`lab ${name} removed (${found.runtime})`, performance.now() - started);
    });

  lab
    .command('prune')
    .description(
      'Remove every lab no live process holds (a lab `lab up` left running has none once it exits): the namespaces netns labs recorded, and containers and networks labelled multihome.lab. A lab a running `multihome test`, a library `Lab.up` or a `lab up` still starting holds stays, with a line naming the holder pid.',
    )
    .option('--all', 'remove the labs that live processes hold too')
    .action(async (options: { all?: boolean }) => {
      const report = await Lab.prune({ all: options.all === true });
      for (const line of describePrune(report)) io.out(line);
      if (report.stuck.length > 0) {
        io.err(
          `Docker refuses to remove ${report.stuck.join(', ')}: it counts endpoints none of which exist (moby#42119); restarting dockerd clears them.`,
        );
        process.exitCode = 1;
      }
    });

  lab
    .command('graph')
    .description('Print the topology as a Mermaid flowchart.')
    .option('-t, --topology <file>', 'topology file (YAML); default: the article topology')
    .option('-c, --config <file>', 'a multihome config: draw the lab shaped like it')
    .action(async (options: TopologyOptions) => {
      io.out(mermaid(await topologyFrom(options)));
    });
}

/** What `lab prune` says: one line per lab it left to its holder, then what it removed. */
export function describePrune(report: LabPruneReport): string[] {
  return [
    ...report.held.map(
      (lab) =>
        `skipped ${lab.name} (${lab.runtime}): held by live process ${lab.pid}; \`lab prune --all\` removes it too`,
    ),
    `removed ${report.namespaces} namespaces (netns), ${report.containers} containers and ${report.networks} networks (docker)`,
  ];
}

/** The Docker engine and the node image, built once if missing; only a Docker lab needs them. */
async function dockerImage(
  step: (line: string, ms?: number) => void,
): Promise<Pick<LabUpOptions, 'docker' | 'image'>> {
  const [{ connectDocker }, { ensureImage }] = await Promise.all([
    import('../../docker/connect-docker.js'),
    import('../../docker/ensure-image.js'),
  ]);
  const docker = await connectDocker();
  const started = performance.now();
  const image = await ensureImage({ docker, log: (line) => step(line) });
  step('image ready', performance.now() - started);
  return { docker, image };
}

/** Where a lab command's topology comes from: a topology file, a config to derive it from, or neither. */
export type TopologyOptions = { readonly topology?: string; readonly config?: string };

/** The topology of `--topology FILE`, of `--config FILE` (derived), or the article's; both is a usage error. */
export async function topologyFrom(options: TopologyOptions): Promise<Topology> {
  if (options.topology !== undefined && options.config !== undefined)
    throw new LabError('USAGE', 'give --topology or --config, not both', { source: 'user' });
  if (options.config !== undefined) return loadConfigLab(options.config).topology;
  return options.topology === undefined ? defaultTopology() : loadTopologyFile(options.topology);
}

async function describeLab(lab: StartedLab): Promise<string> {
  const rows = await Promise.all(
    lab.nodes.map(async (node) => {
      const result = await lab.exec(node, ['ip', '-br', 'addr', 'show', 'scope', 'global']);
      const addresses = result.stdout
        .trim()
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => `    ${line.trim().replace(/\s+/g, ' ')}`);
      return [`  ${node}`, ...addresses].join('\n');
    }),
  );
  return [
    `lab ${lab.name} is up on ${lab.runtime} (artifacts in ${lab.artifactsDir})`,
    ...rows,
    '',
    asciiDiagram(lab.topology),
    '',
    `exec:  multihome lab exec ${lab.name} router -- ip -br addr`,
    `down:  multihome lab down ${lab.name}`,
  ].join('\n');
}
