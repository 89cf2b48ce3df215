import { LEDGER_ROOT } from '../ledger/paths.js';
import { WATCH_NODE_FLAGS } from '../watch/node-flags.js';
import { SERVICE_CONFIG, WANTED_BY, WRITABLE_PATHS } from './service-paths.js';

/** What the unit runs: a plain apply at boot, or the long-running `watch`. */
export type UnitOptions = {
  readonly watch: boolean;
  /** The command that starts the CLI: node and the CLI's script, absolute. */
  readonly cli: readonly string[];
  readonly config?: string;
};

// systemd-analyze security scores each of these; they are set as far as the job allows. Left out,
// because the applier needs them: ProtectKernelTunables (it sets rp_filter), PrivateNetwork (it
// configures the host's network), MemoryDenyWriteExecute (V8 compiles to executable memory), a
// non-root User (ip, nft and the files under /etc want root's ownership), ProcSubset=pid (it hides
// /proc/sys).
function hardening(cli: readonly string[]): string[] {
  return [
    'CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW',
    'AmbientCapabilities=',
    'NoNewPrivileges=yes',
    'ProtectSystem=strict',
    `ReadWritePaths=${WRITABLE_PATHS.join(' ')}`,
    `ProtectHome=${cli.some((path) => under(path, HOME_DIRS)) ? 'read-only' : 'yes'}`,
    `PrivateTmp=${cli.some((path) => under(path, TMP_DIRS)) ? 'no' : 'yes'}`,
    ...FIXED_HARDENING,
  ];
}

// ProtectHome=yes empties these and PrivateTmp=yes gives the unit a /tmp of its own, so a Node or CLI
// kept there (nvm puts Node in ~/.nvm, a clone may sit in /tmp) would be missing for ExecStart= and
// the unit would fail at every boot (203/EXEC): for such a path they are relaxed as far as it needs.
const HOME_DIRS = ['/home', '/root', '/run/user'];
const TMP_DIRS = ['/tmp', '/var/tmp'];

function under(path: string, dirs: readonly string[]): boolean {
  return dirs.some((dir) => path.startsWith(`${dir}/`));
}

const FIXED_HARDENING = [
  'PrivateDevices=yes',
  'PrivateMounts=yes',
  'DevicePolicy=closed',
  'ProtectKernelModules=yes',
  'ProtectKernelLogs=yes',
  'ProtectControlGroups=yes',
  'ProtectClock=yes',
  'ProtectHostname=yes',
  'ProtectProc=invisible',
  'RestrictNamespaces=yes',
  'RestrictRealtime=yes',
  'RestrictSUIDSGID=yes',
  'LockPersonality=yes',
  'RestrictAddressFamilies=AF_NETLINK AF_UNIX AF_INET AF_INET6',
  'SystemCallArchitectures=native',
  'SystemCallFilter=@system-service',
  'SystemCallErrorNumber=EPERM',
  'KeyringMode=private',
  'RemoveIPC=yes',
  'UMask=0022',
];

/**
 * multihome.service: after network-online.target (the uplinks have their addresses) and before
 * multi-user.target, where the services that answer on the uplinks start. A oneshot that stays
 * active for apply (stopping it runs `remove`), or `watch` restarted on failure.
 */
export function unitFile(options: UnitOptions): string {
  const command = (...args: string[]) => [...options.cli, ...args].map(execWord).join(' ');
  const config = options.config ?? SERVICE_CONFIG;
  // The watch's Node flags (node-flags.ts) go on its line itself: the long-running process starts with them.
  const [node = 'node', ...script] = options.cli;
  const watch = [node, ...WATCH_NODE_FLAGS, ...script, 'watch', '-c', config].map(execWord).join(' ');
  const run = options.watch
    ? // No IPAddressDeny= here: watch's health probes are IP traffic of the unit's own processes.
      ['Type=exec', `ExecStart=${watch}`, 'Restart=on-failure', 'RestartSec=5s']
    : [
        'Type=oneshot',
        'RemainAfterExit=yes',
        // `service install` refused interfaces this host lacks (a typo); at boot, one that is not up
        // yet (PPP, a USB modem) must not leave every other uplink unconfigured.
        `ExecStart=${command('apply', '-c', config, '--absent-interfaces', 'wait')}`,
        `ExecStop=${command('remove', '-c', config)}`,
        'IPAddressDeny=any',
      ];
  return [
    '# Written by `multihome service install`; `multihome service uninstall` removes it.',
    '[Unit]',
    `Description=multihome: ${options.watch ? 'keep' : 'set up'} policy routing so replies leave through the uplink their request came in by`,
    'Wants=network-online.target',
    'After=network-online.target',
    `Before=${WANTED_BY}`,
    '',
    '[Service]',
    ...run,
    // The iproute2 name directories must exist for ReadWritePaths=; `+` runs this one step unsandboxed.
    `ExecStartPre=+/bin/mkdir -p ${WRITABLE_PATHS.filter((path) => path !== LEDGER_ROOT).join(' ')}`,
    'RuntimeDirectory=multihome',
    'RuntimeDirectoryPreserve=yes',
    ...hardening(options.cli),
    '',
    '[Install]',
    `WantedBy=${WANTED_BY}`,
    '',
  ].join('\n');
}

/**
 * One word of an `ExecStart=` line, as systemd.service(5) reads it: `%` and `$` doubled (specifier
 * and variable expansion), and a word with a space, quote or backslash in double quotes, escaped.
 */
export function execWord(word: string): string {
  const literal = word.replaceAll('%', '%%').replaceAll('$', '$$$$');
  if (/^[^\s"'\\;]+$/.test(literal)) return literal;
  return `"${literal.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}
