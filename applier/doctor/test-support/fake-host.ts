import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LocalRunner } from '../../runner/local-runner.js';
import type { ProbeContext } from '../probe-context.js';

/** A throwaway machine for the doctor and setup tests: `bin/` holds fake executables, `root/` a fake `/`. */
export type FakeHost = {
  readonly dir: string;
  readonly bin: string;
  readonly root: string;
  /** Writes an executable `bin/NAME` with this sh body (after `#!/bin/sh`). */
  tool(name: string, body: string): Promise<void>;
  /** Writes `root/PATH` (a file; parents created). */
  file(path: string, text: string): Promise<void>;
  /** A probe context on this host: PATH is `bin/` then `sys/` (see {@link SYSTEM_UTILITIES}), files are read under `root/`. */
  context(uid?: number, nodeVersion?: string): ProbeContext;
  remove(): Promise<void>;
};

/** The files of a healthy Linux host's /proc and /etc: IPv6, conntrack, multipath, Debian. */
export const HEALTHY_FILES: Readonly<Record<string, string>> = {
  'proc/self/status': 'Name:\tnode\nCapEff:\t000001ffffffffff\n',
  'proc/sys/kernel/osrelease': '6.1.0-test\n',
  'proc/sys/net/ipv6/conf/all/disable_ipv6': '0\n',
  'proc/sys/net/netfilter/nf_conntrack_max': '262144\n',
  'proc/sys/net/ipv4/fib_multipath_hash_policy': '0\n',
  'etc/os-release': 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
};

/** Canned outputs of the real tools (iproute2 6.1, nftables 1.0.6), as fake executables' bodies. */
export const HEALTHY_TOOLS: Readonly<Record<string, string>> = {
  ip: `case "$1" in
  -V) echo 'ip utility, iproute2-6.1.0, libbpf 1.1.2' ;;
  -json) echo '[{"ifindex":1,"ifname":"lo","addr_info":[]}]' ;;
  *) exit 1 ;;
esac`,
  nft: `printf 'nftables v1.0.6 (Lester Gooch #5)\\n  cli:\\t\\teditline\\n  json:\\t\\tyes\\n'`,
  socat: 'exit 0',
  perl: 'exit 0',
  ping: 'exit 0',
  tcpdump: 'exit 0',
  conntrack: 'exit 0',
  debootstrap: 'exit 0',
};

/** Real utilities the fakes and setup's shell steps use, linked into `sys/`; nothing the checks look for. */
export const SYSTEM_UTILITIES = ['setsid', 'tail', 'chmod', 'cp', 'cat', 'sleep', 'mkdir'];

/** Makes a fake host; with `healthy` it starts with every file and tool above. */
export async function fakeHost(healthy = true): Promise<FakeHost> {
  const dir = await mkdtemp(join(tmpdir(), 'mh-fake-host-'));
  const bin = join(dir, 'bin');
  const root = join(dir, 'root');
  await mkdir(bin, { recursive: true });
  await mkdir(root, { recursive: true });
  const sys = join(dir, 'sys');
  await mkdir(sys);
  for (const utility of SYSTEM_UTILITIES) {
    await symlink(
      execFileSync('sh', ['-c', `command -v ${utility}`], { encoding: 'utf8' }).trim(),
      join(sys, utility),
    );
  }
  const host: FakeHost = {
    dir,
    bin,
    root,
    async tool(name, body) {
      await writeFile(join(bin, name), `#!/bin/sh\n${body}\n`);
      await chmod(join(bin, name), 0o755);
    },
    async file(path, text) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    },
    context(uid = 0, nodeVersion = '24.22.3') {
      return { runner: new LocalRunner(), path: `${bin}:${sys}`, root, uid, nodeVersion };
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  if (healthy) {
    for (const [path, text] of Object.entries(HEALTHY_FILES)) await host.file(path, text);
    for (const [name, body] of Object.entries(HEALTHY_TOOLS)) await host.tool(name, body);
  }
  return host;
}
