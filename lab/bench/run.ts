import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker } from '../../docker/connect-docker.js';
import { ensureImage } from '../../docker/ensure-image.js';
import { formatMs } from '../cli/progress.js';
import { Lab, type LabUpOptions } from '../lab.js';
import { defaultTopology } from '../topology/default-topology.js';
import { nodeNames } from '../topology/node-names.js';
import { timeBareContainers } from './bare-containers.js';
import { timeSameContainers } from './same-containers.js';

// Benchmark: Lab.up/down of the default topology on both runtimes in the same run (netns against
// Docker), the same number of bare containers, and the lab's own containers and hub with none of its
// work; median of ROUNDS, image present. Prints a markdown table. Usage: node dist/lab/bench/run.js [rounds]
const ROUNDS = Number(process.argv[2] ?? 5);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) {
  process.stderr.write(
    `usage: node dist/lab/bench/run.js [rounds]: rounds must be a positive integer, not ${process.argv[2]}\n`,
  );
  process.exit(2);
}
const docker = await connectDocker();
const image = await ensureImage({ docker });
const topology = defaultTopology();
const count = nodeNames(topology).length;
const samples = {
  netnsUp: [] as number[],
  netnsDown: [] as number[],
  labUp: [] as number[],
  labDown: [] as number[],
  bareUp: [] as number[],
  bareDown: [] as number[],
  sameUp: [] as number[],
  sameDown: [] as number[],
};

async function timeLab(name: string, options: LabUpOptions, up: number[], down: number[]): Promise<void> {
  const artifactsDir = join(tmpdir(), name);
  const began = performance.now();
  const lab = await Lab.up(topology, { ...options, name, artifactsDir });
  up.push(performance.now() - began);
  const stopping = performance.now();
  await lab.down();
  down.push(performance.now() - stopping);
  await rm(artifactsDir, { recursive: true, force: true });
}

for (let round = 0; round < ROUNDS; round++) {
  const name = `mh-bench-${randomBytes(3).toString('hex')}`;
  await timeLab(`${name}-netns`, { runtime: 'netns' }, samples.netnsUp, samples.netnsDown);
  await timeLab(name, { runtime: 'docker', docker, image }, samples.labUp, samples.labDown);
  const bare = await timeBareContainers(docker, image, count, `${name}-bare`);
  samples.bareUp.push(bare.upMs);
  samples.bareDown.push(bare.downMs);
  const same = await timeSameContainers(docker, image, nodeNames(topology), `${name}-same`);
  samples.sameUp.push(same.upMs);
  samples.sameDown.push(same.downMs);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const ratio = (a: number[], b: number[]) => `${(median(a) / median(b)).toFixed(2)}×`;
const row = (what: string, netns: number[], lab: number[], bare: number[], same: number[]) =>
  `| ${what} | ${formatMs(median(netns))} | ${formatMs(median(lab))} | ${formatMs(median(bare))} | ${ratio(lab, bare)} | ${formatMs(median(same))} | ${ratio(lab, same)} |`;

process.stdout.write(
  [
    `Default topology (${count} nodes, ${topology.isps.length} ISPs), captures on, image ${image}, median of ${ROUNDS}:`,
    '',
    '| step | netns lab (target < 0.3 s) | Docker lab (hub wiring, config, captures) | bare `docker run` of the image | ratio | the same containers and hub, unwired | ratio |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    row('up', samples.netnsUp, samples.labUp, samples.bareUp, samples.sameUp),
    row('down', samples.netnsDown, samples.labDown, samples.bareDown, samples.sameDown),
    '',
  ].join('\n'),
);
