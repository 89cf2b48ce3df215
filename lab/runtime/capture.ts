import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandRunner } from '../../applier/runner/command-runner.js';
import { shellLine } from '../../applier/runner/shell-text.js';
import { LabError } from '../errors.js';

// Inside the node: its own /run (a container's, or the per-node bind of a netns lab).
const PID_FILE = '/run/mh-capture.pid';
const LOG_FILE = '/run/mh-capture.log';

/** pcap file name of an ISP gateway's capture; `generation` counts restarts of the gateway. */
export function captureFile(isp: string, generation = 0): string {
  return generation === 0 ? `isp-${isp}.pcap` : `isp-${isp}.${generation}.pcap`;
}

/** Where a node writes the lab's artifacts (`dirInNode`) and where this process reads them. */
export type ArtifactsPlace = { readonly dirInNode: string; readonly dirOnHost: string };

/**
 * The shell line that starts tcpdump on a gateway's customer interface, detached and packet-buffered
 * (-U) into the artifacts directory, its pid in a file. `lab up` appends it to the gateway's
 * configuration script, which saves an exec per gateway; a restart runs it on its own.
 */
export function captureLaunch(iface: string, file: string, dirInNode: string): string {
  // Quoted twice over: a netns node writes into the host's artifacts directory, any path the caller
  // chose, and a space or quote in it must stay part of tcpdump's -w argument.
  const tcpdump = shellLine(['tcpdump', '-n', '-U', '-Z', 'root', '-i', iface, '-w', `${dirInNode}/${file}`]);
  const inner = `echo $$ > ${PID_FILE}; exec ${tcpdump}`;
  return `${shellLine(['setsid', 'sh', '-c', inner])} </dev/null >${LOG_FILE} 2>&1 &`;
}

/** Starts a capture in its own exec, then waits for its pcap header (see {@link waitForCapture}). */
export async function startCapture(
  runner: CommandRunner,
  iface: string,
  file: string,
  artifacts: ArtifactsPlace,
  deadlineMs = 10_000,
): Promise<void> {
  const started = await runner.run(['sh', '-c', captureLaunch(iface, file, artifacts.dirInNode)]);
  if (started.exitCode !== 0) {
    throw new LabError('LAB_FAILED', `${runner.where}: tcpdump did not start: ${started.stderr}`, {
      source: 'system',
    });
  }
  await waitForCapture(runner, file, artifacts.dirOnHost, deadlineMs);
}

/** Waits (polling, with a deadline) until a started capture's pcap header is on disk. */
export async function waitForCapture(
  runner: CommandRunner,
  file: string,
  dirOnHost: string,
  deadlineMs = 10_000,
): Promise<void> {
  const path = join(dirOnHost, file);
  const until = Date.now() + deadlineMs;
  for (;;) {
    const size = await stat(path).then(
      (s) => s.size,
      () => 0,
    );
    if (size >= 24) return;
    if (Date.now() > until) {
      const log = await runner.run(['cat', LOG_FILE]);
      throw new LabError('LAB_FAILED', `${runner.where}: no pcap header in ${path}: ${log.stdout.trim()}`, {
        source: 'system',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// A zombie has exited: on a netns lab the orphaned tcpdump waits for the host's init to reap it.
const RUNNING =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
  'running() { l=; read -r l < "/proc/$1/stat" 2>/dev/null || [ -n "$l" ] || return 1; l=${l##*) }; [ "${l%% *}" != Z ]; }';

/** Stops the capture with SIGINT so tcpdump flushes and closes the file; waits until it has exited. */
export async function stopCapture(runner: CommandRunner): Promise<void> {
  await runner.run(
    [
      'sh',
      '-c',
      `${RUNNING}; [ -f ${PID_FILE} ] || exit 0; read -r p < ${PID_FILE}; kill -INT "$p" 2>/dev/null || exit 0; while running "$p"; do sleep 0.01; done; rm -f ${PID_FILE}`,
    ],
    { timeoutMs: 10_000 },
  );
}
