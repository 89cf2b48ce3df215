import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandRunner } from '../../applier/runner/command-runner.js';
import { LabError } from '../errors.js';
import { ARTIFACTS_MOUNT } from './lab-container.js';

const PID_FILE = '/run/mh-capture.pid';

/** pcap file name of an ISP gateway's capture; `generation` counts restarts of the gateway. */
export function captureFile(isp: string, generation = 0): string {
  return generation === 0 ? `isp-${isp}.pcap` : `isp-${isp}.${generation}.pcap`;
}

/**
 * The shell line that starts tcpdump on a gateway's customer interface, detached and packet-buffered
 * (-U) into the bind-mounted artifacts directory, its pid in a file. `lab up` appends it to the
 * gateway's configuration script, which saves an exec per gateway; a restart runs it on its own.
 */
export function captureLaunch(iface: string, file: string): string {
  const inner = `echo $$ > ${PID_FILE}; exec tcpdump -n -U -Z root -i ${iface} -w ${ARTIFACTS_MOUNT}/${file}`;
  return `setsid sh -c '${inner}' </dev/null >/tmp/mh-capture.log 2>&1 &`;
}

/** Starts a capture in its own exec, then waits for its pcap header (see {@link waitForCapture}). */
export async function startCapture(
  runner: CommandRunner,
  iface: string,
  file: string,
  artifactsDir: string,
  deadlineMs = 10_000,
): Promise<void> {
  const started = await runner.run(['sh', '-c', captureLaunch(iface, file)]);
  if (started.exitCode !== 0) {
    throw new LabError('LAB_FAILED', `${runner.where}: tcpdump did not start: ${started.stderr}`, {
      source: 'system',
    });
  }
  await waitForCapture(runner, file, artifactsDir, deadlineMs);
}

/** Waits (polling, with a deadline) until a started capture's pcap header is on disk. */
export async function waitForCapture(
  runner: CommandRunner,
  file: string,
  artifactsDir: string,
  deadlineMs = 10_000,
): Promise<void> {
  const path = join(artifactsDir, file);
  const until = Date.now() + deadlineMs;
  for (;;) {
    const size = await stat(path).then(
      (s) => s.size,
      () => 0,
    );
    if (size >= 24) return;
    if (Date.now() > until) {
      const log = await runner.run(['cat', '/tmp/mh-capture.log']);
      throw new LabError('LAB_FAILED', `${runner.where}: no pcap header in ${path}: ${log.stdout.trim()}`, {
        source: 'system',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Stops the capture with SIGINT so tcpdump flushes and closes the file; waits until it has exited. */
export async function stopCapture(runner: CommandRunner): Promise<void> {
  await runner.run(
    [
      'sh',
      '-c',
      `[ -f ${PID_FILE} ] || exit 0; p=$(cat ${PID_FILE}); kill -INT "$p" 2>/dev/null || exit 0; while kill -0 "$p" 2>/dev/null; do sleep 0.02; done; rm -f ${PID_FILE}`,
    ],
    { timeoutMs: 10_000 },
  );
}
