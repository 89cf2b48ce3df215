import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker } from '../../docker/connect-docker.js';
import { ensureImage } from '../../docker/ensure-image.js';
import { formatMs } from '../cli/progress.js';
import { Lab } from '../lab.js';
import { defaultTopology } from '../topology/default-topology.js';
import { nodeNames } from '../topology/node-names.js';
import { nodePlans } from '../topology/node-plans.js';
import { timeBareContainers } from './bare-containers.js';
import { timeSameContainers } from './same-containers.js';

// Benchmark: Lab.up/down of the default topology against the same number of bare containers, median of
// ROUNDS, image present. Prints a markdown table. Usage: node dist/lab/bench/run.js [rounds]
const ROUNDS = Number(process.argv[2] ?? 5);
const docker = await connectDocker();
const image = await ensureImage({ docker });
const topology = defaultTopology();
const count = nodeNames(topology).length;
const samples = {
  labUp: [] as number[],
  labDown: [] as number[],
  bareUp: [] as number[],
  bareDown: [] as number[],
  sameUp: [] as number[],
  sameDown: [] as number[],
};

for (let round = 0; round < ROUNDS; round++) {
  const name = `mh-bench-${randomBytes(3).toString('hex')}`;
  const began = performance.now();
  const lab = await Lab.up(topology, { docker, image, name, artifactsDir: join(tmpdir(), name) });
  samples.labUp.push(performance.now() - began);
  const stopping = performance.now();
  await lab.down();
  samples.labDown.push(performance.now() - stopping);
  const bare = await timeBareContainers(docker, image, count, `${name}-bare`);
  samples.bareUp.push(bare.upMs);
  samples.bareDown.push(bare.downMs);
  const same = await timeSameContainers(docker, image, nodePlans(topology), `${name}-same`);
  samples.sameUp.push(same.upMs);
  samples.sameDown.push(same.downMs);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const ratio = (a: number[], b: number[]) => `${(median(a) / median(b)).toFixed(2)}×`;
const row = (what: string, lab: number[], bare: number[], same: number[]) =>
  `| ${what} | ${formatMs(median(lab))} | ${formatMs(median(bare))} | ${ratio(lab, bare)} | ${formatMs(median(same))} | ${ratio(lab, same)} |`;

process.stdout.write(
  [
    `Default topology (${count} containers, ${topology.isps.length} ISPs), image ${image}, median of ${ROUNDS}:`,
    '',
    '| step | Lab (networks, config, captures) | bare `docker run` of the image | ratio | the same containers and networks, plain Docker | ratio |',
    '| --- | --- | --- | --- | --- | --- |',
    row('up', samples.labUp, samples.bareUp, samples.sameUp),
    row('down', samples.labDown, samples.bareDown, samples.sameDown),
    '',
  ].join('\n'),
);
