import { spawn } from 'node:child_process';

// Runs inside `ip netns exec NS unshare -m`: a private /run/systemd (and /run/dbus, so networkd
// takes no name on the host's bus), /etc/systemd replaced by the test's tree, and /sys read-only,
// which is how networkd tells that no udev will announce links (it then configures them at once).
const SCRIPT = `set -e
mount -t tmpfs tmpfs /run/systemd
if [ -d /run/dbus ]; then mount -t tmpfs tmpfs /run/dbus; fi
mkdir -p /run/systemd/netif
chown systemd-network:systemd-network /run/systemd/netif
echo docker > /run/systemd/container
mount --bind "$1" /etc/systemd
mount -o remount,bind,ro /sys
exec /lib/systemd/systemd-networkd`;

/**
 * Runs the real systemd-networkd in a network namespace, on the `etcSystemd` tree (network/,
 * networkd.conf.d/), until `ready()` holds or `deadlineMs` passes; then stops it and says which.
 * The mount namespace dies with it, and `timeout` bounds it even if this process is killed.
 */
export async function runNetworkd(
  namespace: string,
  etcSystemd: string,
  ready: () => Promise<boolean>,
  deadlineMs = 45_000,
): Promise<{ ready: boolean; log: string }> {
  const child = spawn(
    'timeout',
    [
      '90',
      'ip',
      'netns',
      'exec',
      namespace,
      'unshare',
      '-m',
      '--propagation',
      'private',
      'sh',
      '-c',
      SCRIPT,
      'sh',
      etcSystemd,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SYSTEMD_LOG_LEVEL: 'info' } },
  );
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let ok = false;
  try {
    const until = Date.now() + deadlineMs;
    while (!ok && Date.now() < until && child.exitCode === null) {
      ok = await ready();
      if (!ok) await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return { ready: ok, log };
}
