import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker } from '../../docker/connect-docker.js';
import { ensureImage } from '../../docker/ensure-image.js';
import { Lab } from '../lab.js';
import { defaultTopology } from '../topology/default-topology.js';

// Trace of one Docker `lab up`: every Docker API call with when it was sent and how long until its
// answer (for an attached exec, until the stream ends), relative to the start of `Lab.up`.
// Usage: node dist/lab/bench/trace.js
type Dial = (
  options: { method?: string; path?: string; options?: { name?: string } },
  callback: (...args: unknown[]) => void,
) => void;

const docker = await connectDocker();
const image = await ensureImage({ docker });
const modem = docker.modem as unknown as { dial: Dial };
const dial = modem.dial.bind(modem);
const calls: { what: string; at: number; ms: number }[] = [];
// Container ids to names (from each create's answer), so the trace says which node a call is for.
const names = new Map<string, string>();
let began = 0;
modem.dial = (options, callback) => {
  const at = performance.now();
  const path = (options.path ?? '').replace(/\?.*/, '');
  const id = /[0-9a-f]{64}/.exec(path)?.[0];
  const who = id === undefined ? (options.options?.name ?? '') : (names.get(id) ?? id.slice(0, 12));
  const what = `${options.method ?? 'GET'} ${path.replace(/[0-9a-f]{64}/, 'ID')} ${who}`;
  dial(options, (...args: unknown[]) => {
    const created = (args[1] as { Id?: string } | undefined)?.Id;
    if (created !== undefined && options.options?.name !== undefined)
      names.set(created, options.options.name);
    const stream = args[1] as NodeJS.ReadableStream | undefined;
    const done = () => calls.push({ what, at: at - began, ms: performance.now() - at });
    // An exec start or an attach answers with a stream: the exec has run, or the node's command has
    // printed its ready line, when that stream ends.
    const streams = (path.includes('/exec/') && path.endsWith('/start')) || path.endsWith('/attach');
    if (streams && stream?.on) {
      stream.on('end', done);
      stream.on('close', done);
    } else done();
    callback(...args);
  });
};

const name = `mh-trace-${randomBytes(3).toString('hex')}`;
const artifactsDir = join(tmpdir(), name);
began = performance.now();
const lab = await Lab.up(defaultTopology(), { runtime: 'docker', docker, image, name, artifactsDir });
const upMs = performance.now() - began;
await lab.down();
await rm(artifactsDir, { recursive: true, force: true });
const seen = new Set<string>();
const lines = calls
  .filter((call) => call.at <= upMs)
  .sort((a, b) => a.at - b.at)
  .filter((call) => {
    const key = `${call.what}@${call.at}`;
    const fresh = !seen.has(key);
    seen.add(key);
    return fresh;
  })
  .map((call) => `${call.at.toFixed(0).padStart(6)} ms  +${call.ms.toFixed(0).padStart(5)} ms  ${call.what}`);
process.stdout.write(`${lines.join('\n')}\nlab up ${upMs.toFixed(0)} ms\n`);
