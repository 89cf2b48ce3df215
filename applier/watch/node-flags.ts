// Imports nothing: bin.ts links this module before it knows the Node is new enough.

/**
 * The Node flags `watch` runs with: a young generation of 1 MB and V8's interpreter only (no
 * baseline, Maglev or TurboFan code). The long-running watch spends its time waiting for kernel
 * events and `ping` lines, so compiled code buys it nothing, and it stays about 10 MB smaller (under
 * the issue's 80 MB). `--lite-mode` saves 2 MB more but implies `--jitless`, which turns off
 * WebAssembly (and with it Node's TypeScript stripping). The systemd unit passes them on its
 * `ExecStart=` line; the bin starts itself again with them for `multihome watch`.
 */
export const WATCH_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=1',
  '--no-opt',
  '--no-maglev',
  '--no-sparkplug',
];

/**
 * The argv to start this process again with (`process.execve`, same PID) when `argv` runs the
 * `watch` command without the watch's flags; undefined when nothing needs to change. The command
 * is the first argument that is no option, as the CLI decides it.
 */
export function watchRelaunchArgv(
  argv: readonly string[],
  execArgv: readonly string[],
): string[] | undefined {
  const [node, script, ...args] = argv;
  if (node === undefined || script === undefined) return undefined;
  if (args.find((arg) => !arg.startsWith('-')) !== 'watch') return undefined;
  const missing = WATCH_NODE_FLAGS.filter((flag) => !execArgv.includes(flag));
  if (missing.length === 0) return undefined;
  return [node, ...missing, ...execArgv, script, ...args];
}
