import { type ChildProcess, spawn } from 'node:child_process';
import { kernelSnapshot, type NetnsHost } from '../apply/test-support/netns-host.js';
import { cliArgv } from '../cli/test-support/run-cli.js';

/** Everything `remove` must give back byte for byte: the kernel's state, promote_secondaries, and multihome's files. */
export function fullSnapshot(host: NetnsHost): Record<string, string> {
  const nsid = host.sh(['readlink', '/proc/self/ns/net']).replace(/\D/g, '');
  return {
    ...kernelSnapshot(host),
    promote: host.sh(['sh', '-c', 'grep -H . /proc/sys/net/ipv4/conf/*/promote_secondaries']),
    files: host.sh([
      'sh',
      '-c',
      'ls -A "$1" 2>/dev/null; cat "$2" 2>/dev/null; ls -A /etc/iproute2/rt_tables.d | grep -F -- "$3" || true',
      'sh',
      `/run/multihome/${nsid}`,
      `/etc/iproute2/rt_tables.d/multihome-${nsid}.conf`,
      `.${nsid}.tmp-`,
    ]),
  };
}

/** Starts the real CLI against the host's namespace (`--netns`), so a SIGKILL hits multihome itself. */
export function startCli(host: NetnsHost, args: readonly string[]): ChildProcess {
  const [file, ...rest] = cliArgv([...args, '--netns', host.name]);
  return spawn(file ?? 'false', rest, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
}

/** How a CLI process ended: its exit code (null when killed) and its output. */
export type Ended = { readonly code: number | null; readonly stdout: string; readonly stderr: string };

/** Waits for a CLI process to end and collects its output. */
export function ended(child: ChildProcess): Promise<Ended> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** Runs the CLI to its end. */
export async function runToEnd(host: NetnsHost, args: readonly string[]): Promise<Ended> {
  return ended(startCli(host, args));
}
