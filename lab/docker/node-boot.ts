import { type Duplex, PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { CommandResult } from '../../applier/runner/command-runner.js';
import { LabError } from '../errors.js';
import { CONFIGURE_TIMEOUT_MS } from '../runtime/configure-node.js';
import type { NodeScript } from '../runtime/node-script.js';

/** The line the container's command prints once the node is configured. */
const READY = 'MH-READY';

// The container's command: the configuration script ($1, its stdin $2) on the first start only (a
// restarted gateway is configured again by exec, for its fresh interfaces), then the ready line, then
// it idles. A failing script ends the container, and with it the attach stream.
const BOOT = `[ -e /run/mh-booted ] || { : > /run/mh-booted; printf '%s' "$2" | sh -c "$1"; } && echo ${READY} && exec sleep infinity`;

/** A lab container's command: its node's configuration script, then idling. */
export function bootCommand(boot: NodeScript): string[] {
  return ['sh', '-c', BOOT, 'mh-boot', boot.script, boot.input ?? ''];
}

/**
 * What the container's command prints until its ready line; if its output ends first, how it exited.
 * Either within CONFIGURE_TIMEOUT_MS.
 */
export async function bootOutput(
  container: Docker.Container,
  stream: Duplex,
  node: string,
): Promise<CommandResult> {
  const stdout = collect();
  const stderr = collect();
  container.modem.demuxStream(stream, stdout.sink, stderr.sink);
  const ready = new Promise<boolean>((resolve, reject) => {
    stdout.sink.on('data', () => {
      if (stdout.text().endsWith(`${READY}\n`)) resolve(true);
    });
    stream.on('end', () => resolve(false));
    stream.on('close', () => resolve(false));
    stream.on('error', reject);
  });
  const outcome = ready.then(async (isReady) => {
    // The output ends as the command exits; `wait` returns its status once Docker has recorded it.
    const exitCode = isReady ? 0 : ((await container.wait()) as { StatusCode: number }).StatusCode || 1;
    return { stdout: stdout.text(), stderr: stderr.text(), exitCode };
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const message = `${node}: not configured within ${CONFIGURE_TIMEOUT_MS / 1000} s`;
      reject(new LabError('LAB_FAILED', message, { source: 'system' }));
    }, CONFIGURE_TIMEOUT_MS);
  });
  return Promise.race([outcome, deadline]).finally(() => clearTimeout(timer));
}

function collect() {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { sink, text: () => Buffer.concat(chunks).toString('utf8') };
}
