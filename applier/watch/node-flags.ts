// Imports nothing: bin.ts links this module before it knows the Node is new enough.

/**
 * The Node flags `watch` runs with: a young generation of 1 MB, V8's heuristics for size over speed
 * (the old generation grows by less before a full GC), and V8's interpreter only (no baseline, Maglev
 * or TurboFan code). The long-running watch spends its time waiting for kernel events and `ping`
 * lines, so compiled code buys it nothing. Measured with a lease change every 0.35 s: Node's defaults
 * grew past 200 MB in 160 repairs, these flags stay near 70 MB (the interpreter-only flags without
 * `--optimize-for-size` plateaued near 97 MB, `--optimize-for-size` with the JIT near 90 MB).
 * `--lite-mode` would imply `--jitless`, which turns WebAssembly (and Node's TypeScript stripping)
 * off. The systemd unit passes them on its `ExecStart=` line; the bin starts itself again with
 * them for `multihome watch`.
 */
export const WATCH_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=1',
  '--optimize-for-size',
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
