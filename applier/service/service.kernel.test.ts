import { spawnSync } from 'node:child_process';
import {
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliArgv, runCli } from '../cli/test-support/run-cli.js';
import { configFile, EXPORT_CONFIG } from '../export/test-support/configs.js';
import { AS_NOBODY } from '../test-support/as-nobody.js';
import { TestNamespace } from '../test-support/test-namespace.js';
import { cliCommand } from './cli-command.js';
import { SERVICE_CONFIG, UNIT_PATH, WANTS_LINK } from './service-paths.js';
import { unitFile } from './unit-file.js';

// `service install|uninstall --root DIR` into temporary trees, checked by systemd's own tools:
// `systemctl --root` enables a copy of the unit the same way, `systemd-analyze verify` loads the
// unit (its ExecStart= is this Node, which exists), and `systemd-analyze security` scores it.

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function systemdRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'mh-service-'));
  dirs.push(root);
  mkdirSync(join(root, 'etc/systemd/system'), { recursive: true });
  return root;
}

/** Every path under a root with what it is: file text, link target or directory. */
function tree(root: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const name of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    const path = join(root, name);
    const stat = lstatSync(path);
    entries[relative(root, path)] = stat.isSymbolicLink()
      ? `-> ${readlinkSync(path)}`
      : stat.isDirectory()
        ? 'dir'
        : readFileSync(path, 'utf8');
  }
  return entries;
}

const config = configFile(EXPORT_CONFIG);

describe('service install --root', () => {
  it('writes the config, the unit and the enable link that systemctl --root makes', () => {
    const root = systemdRoot();
    const run = runCli(['service', 'install', '-c', config, '--root', root]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Wrote ${root}${UNIT_PATH}:`);

    const twin = systemdRoot();
    cpSync(join(root, UNIT_PATH), join(twin, UNIT_PATH));
    const enabled = spawnSync('systemctl', [`--root=${twin}`, 'enable', 'multihome.service'], {
      encoding: 'utf8',
    });
    expect(enabled.status, enabled.stderr).toBe(0);
    cpSync(join(root, SERVICE_CONFIG), join(twin, SERVICE_CONFIG));

    expect(tree(root)).toEqual(tree(twin));
    expect(readFileSync(join(root, SERVICE_CONFIG), 'utf8')).toBe(EXPORT_CONFIG);
    expect(readFileSync(join(root, UNIT_PATH), 'utf8')).toBe(unitFile({ watch: false, cli: cliCommand() }));
    expect(readlinkSync(join(root, WANTS_LINK))).toBe(UNIT_PATH);
  });

  it('uninstall leaves the tree as it was before install', () => {
    const root = systemdRoot();
    const before = tree(root);
    expect(runCli(['service', 'install', '-c', config, '--root', root, '--watch']).status).toBe(0);
    const run = runCli(['service', 'uninstall', '--root', root]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Removed ${root}${UNIT_PATH}`);
    expect(tree(root)).toEqual(before);
  });

  it('takes a config with address: auto, whose uplink waits for its lease at boot', () => {
    const root = systemdRoot();
    const auto = configFile(
      EXPORT_CONFIG.replace(
        '    address: 10.201.2.10/24\n    gateway: 10.201.2.1\n',
        '    address: auto\n    gateway: auto\n',
      ),
    );
    const run = runCli(['service', 'install', '-c', auto, '--root', root, '--watch']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(join(root, UNIT_PATH), 'utf8')).toContain(
      ' watch -c /etc/multihome/multihome.yaml\n',
    );
  });

  it('--dry-run prints the files and writes nothing', () => {
    const root = systemdRoot();
    const run = runCli(['service', 'install', '-c', config, '--root', root, '--dry-run']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Would write ${root}${UNIT_PATH}:`);
    expect(run.stdout).toContain('ExecStart=');
    expect(tree(root)).toEqual({ etc: 'dir', 'etc/systemd': 'dir', 'etc/systemd/system': 'dir' });
  });
});

describe('service --help', () => {
  it('says --root is where install writes and where uninstall removes', () => {
    for (const [command, says] of [
      ['install', 'install into this tree'],
      ['uninstall', 'uninstall from this tree'],
    ] as const) {
      const run = runCli(['service', command, '--help']);
      expect(run.status).toBe(0);
      expect(run.stdout.replace(/\s+/g, ' ')).toContain(`--root <dir> ${says} instead of the running host`);
    }
  });
});

describe('service install refuses plainly and writes nothing', () => {
  it('without /etc/systemd/system', () => {
    const root = mkdtempSync(join(tmpdir(), 'mh-service-bare-'));
    dirs.push(root);
    const run = runCli(['service', 'install', '-c', config, '--root', root]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${root}/etc/systemd/system does not exist`);
    expect(run.stderr).toContain('nothing was written');
    expect(readdirSync(root)).toEqual([]);
  });

  it('without /etc/systemd/system, with --dry-run too, install and uninstall alike', () => {
    const root = mkdtempSync(join(tmpdir(), 'mh-service-bare-'));
    dirs.push(root);
    const runs = {
      install: runCli(['service', 'install', '-c', config, '--root', root, '--dry-run']),
      uninstall: runCli(['service', 'uninstall', '--root', root, '--dry-run']),
    };
    expect(runs.install.stderr).toBe(
      `multihome: service: ${root}/etc/systemd/system does not exist, so this root has no systemd to install into; nothing was written\n`,
    );
    expect(runs.uninstall.stderr).toBe(
      `multihome: service: ${root}/etc/systemd/system does not exist, so this root has no systemd to uninstall from; nothing was removed\n`,
    );
    for (const run of Object.values(runs)) {
      expect(run.stdout).toBe('');
      expect(run.status).toBe(2);
    }
    expect(readdirSync(root)).toEqual([]);
  });

  it('where a file stands in place of a directory it needs, with no stack trace', () => {
    for (const inTheWay of ['etc/systemd/system', 'etc/systemd/system/multi-user.target.wants']) {
      const root = mkdtempSync(join(tmpdir(), 'mh-service-blocked-'));
      dirs.push(root);
      mkdirSync(join(root, dirname(inTheWay)), { recursive: true });
      writeFileSync(join(root, inTheWay), '');
      const before = tree(root);
      const run = runCli(['service', 'install', '-c', config, '--root', root]);
      expect(run.stderr).toBe(
        `multihome: service install --root ${root}: ${join(root, inTheWay)} is a file, not a directory; nothing was written\n`,
      );
      expect(run.status).toBe(2);
      expect(tree(root)).toEqual(before);
    }
  });

  it('without root', () => {
    const root = systemdRoot();
    const [node, ...args] = cliArgv(['service', 'install', '-c', config, '--root', root]);
    const run = spawnSync('setpriv', [...AS_NOBODY, node ?? 'node', ...args], { encoding: 'utf8' });
    expect(run.stderr).toContain('must run as root');
    expect(run.status).toBe(2);
    const dry = spawnSync('setpriv', [...AS_NOBODY, node ?? 'node', ...args, '--dry-run'], {
      encoding: 'utf8',
    });
    expect(dry.stderr).toContain('must run as root');
    expect(dry.status).toBe(2);
    expect(tree(root)).toEqual({ etc: 'dir', 'etc/systemd': 'dir', 'etc/systemd/system': 'dir' });
  });

  it('with a config that does not validate', () => {
    const root = systemdRoot();
    const bad = configFile(EXPORT_CONFIG.replace('gateway: 10.201.1.1', 'gateway: 10.201.9.1'));
    const run = runCli(['service', 'install', '-c', bad, '--root', root]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/gateway/);
    expect(tree(root)).toEqual({ etc: 'dir', 'etc/systemd': 'dir', 'etc/systemd/system': 'dir' });
  });
});

describe('the unit, read by systemd-analyze', () => {
  for (const watch of [false, true]) {
    it(`verify accepts it${watch ? ' (watch)' : ''}, and security scores it OK or better`, () => {
      const root = systemdRoot();
      expect(
        runCli(['service', 'install', '-c', config, '--root', root, ...(watch ? ['--watch'] : [])]).status,
      ).toBe(0);
      const unit = join(root, UNIT_PATH);
      const verified = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
      expect(verified.stderr).toBe('');
      expect(verified.status).toBe(0);
      const security = spawnSync('systemd-analyze', ['security', '--offline=true', unit], {
        encoding: 'utf8',
      });
      const score = /Overall exposure level for multihome\.service: ([\d.]+) (\w+)/.exec(security.stdout);
      expect(score?.[2], security.stdout).toBe('OK');
      expect(Number(score?.[1])).toBeLessThanOrEqual(2.5);
    });
  }
});

describe('the capabilities the unit leaves', () => {
  it('are enough for apply: CAP_NET_ADMIN and CAP_NET_RAW only, with no new privileges', async () => {
    await using host = await TestNamespace.create('svc-caps');
    await host.veth('eth0', 'p0');
    await host.veth('eth1', 'p1');
    const simple = configFile(
      'uplinks:\n  - name: a\n    interface: eth0\n    address: 10.201.1.10/24\n    gateway: 10.201.1.1\n' +
        '  - name: c\n    interface: eth1\n    address: 10.201.2.10/24\n    gateway: 10.201.2.1\n',
    );
    const bounded = (args: readonly string[]) => {
      const [node, ...rest] = cliArgv(args);
      return spawnSync(
        'ip',
        [
          'netns',
          'exec',
          host.name,
          'setpriv',
          '--bounding-set=-all,+net_admin,+net_raw',
          '--inh-caps=-all',
          '--no-new-privs',
          node ?? 'node',
          ...rest,
        ],
        { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      );
    };
    try {
      const applied = bounded(['apply', '-c', simple]);
      expect(applied.stderr).toBe('');
      expect(applied.status).toBe(0);
      expect(JSON.parse(bounded(['plan', '-c', simple, '--json']).stdout)).toEqual({ changes: [] });
    } finally {
      expect(runCli(['remove'], { netns: host.name }).status).toBe(0);
    }
  });
});

// The file-system and capability part of the unit's sandbox, emulated around its ExecStart= line.
const SANDBOXED_EXEC_START = [
  'set -e',
  'mkdir -p /run/multihome /etc/iproute2/rt_tables.d /etc/iproute2/rt_protos.d',
  'mount --bind /run /run',
  'for d in /run/multihome /etc/iproute2/rt_tables.d /etc/iproute2/rt_protos.d; do mount --bind $d $d; done',
  'mount -o remount,bind,ro /etc',
  'mount -o remount,bind,ro /run',
  '! touch /etc/multihome/probe 2>/dev/null',
  'exec setpriv --bounding-set=-all,+net_admin,+net_raw --inh-caps=-all --no-new-privs sh -c "$(sed -n "s/^ExecStart=//p" /etc/systemd/system/multihome.service)"',
].join('; ');

describe('service install and uninstall on the running host', () => {
  // The host is a namespace whose /etc is an overlay in a private mount namespace: install writes
  // to "/" as on a real host, and nothing reaches the machine's own /etc.
  it("install writes to /etc, the unit's ExecStart= line applies the config, uninstall removes it all and runs remove", async () => {
    await using host = await TestNamespace.create('svc-host');
    await host.veth('eth0', 'p0');
    await host.veth('eth1', 'p1');
    const upper = mkdtempSync(join(tmpdir(), 'mh-service-etc-'));
    dirs.push(upper);
    const simple = configFile(
      'uplinks:\n  - name: a\n    interface: eth0\n    address: 10.201.1.10/24\n    gateway: 10.201.1.1\n' +
        '  - name: c\n    interface: eth1\n    address: 10.201.2.10/24\n    gateway: 10.201.2.1\n',
    );
    const cli = cliArgv([])
      .map((word) => `'${word}'`)
      .join(' ');
    const script = [
      'set -eu',
      `mount -t tmpfs tmpfs "${upper}"`,
      `mkdir "${upper}/u" "${upper}/w"`,
      `mount -t overlay overlay -o "lowerdir=/etc,upperdir=${upper}/u,workdir=${upper}/w" /etc`,
      `${cli} service install -c '${simple}'`,
      'echo "== installed: $(readlink /etc/systemd/system/multi-user.target.wants/multihome.service)"',
      // What systemd would run at boot, word for word, in what the unit's sandbox leaves: /etc and
      // /run read-only but for ReadWritePaths= (after RuntimeDirectory= and ExecStartPre= made
      // them), only CAP_NET_ADMIN and CAP_NET_RAW, no new privileges.
      `unshare -m --propagation private sh -c '${SANDBOXED_EXEC_START}' > /dev/null`,
      'echo "== applied: $(ip rule show pref 10000)"',
      `${cli} service uninstall`,
      'echo "== rules after: $(ip rule show pref 10000)"',
      'ls /etc/multihome /etc/systemd/system/multihome.service 2>&1 | sed "s/^/== left: /"',
    ].join('\n');
    const run = spawnSync(
      'ip',
      ['netns', 'exec', host.name, 'unshare', '-m', '--propagation', 'private', 'sh', '-c', script],
      {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('== installed: /etc/systemd/system/multihome.service');
    expect(run.stdout).toMatch(/== applied: 10000:\s+from 10\.201\.1\.10 lookup \S+ proto/);
    expect(run.stdout).toContain('Removed /etc/systemd/system/multihome.service');
    expect(run.stdout).toMatch(/Removed: \d+ change\(s\)\./);
    expect(run.stdout).toContain('== rules after: \n');
    expect(run.stdout).toMatch(/== left: ls: cannot access '\/etc\/multihome'/);
    expect(run.stdout).toMatch(/== left: ls: cannot access '\/etc\/systemd\/system\/multihome\.service'/);
  });
});
