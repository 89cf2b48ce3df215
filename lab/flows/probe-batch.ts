import { shellLine, quote as shellQuote } from '../../applier/runner/shell-text.js';

/** One probe of a batch: the flow's tag (its client port or echo id) and its argv. */
export type BatchedProbe = { readonly tag: number; readonly argv: readonly string[] };

/** A probe's outcome as the batch reports it. */
export type BatchResult = { readonly tag: number; readonly exitCode: number; readonly stdout: string };

/**
 * One sh script that runs a node's probes at once, each in its own session (so `killProbes` can stop
 * one with everything it started), and prints `tag exit base64(output)` per probe when all have ended.
 * One exec per sending node instead of one per flow: on Docker each exec costs tens of milliseconds.
 */
export function batchScript(dir: string, probes: readonly BatchedProbe[]): string {
  const d = shellQuote(dir);
  return [
    `D=${d}`,
    'mkdir -p "$D"',
    // The session leader writes its pid (= its process group) before it becomes the probe.
    `run() { t=$1; shift; setsid sh -c 'echo $$ > "$0.pid"; exec "$@"' "$D/$t" "$@" > "$D/$t.out" 2>&1; echo $? > "$D/$t.rc"; }`,
    ...probes.map((probe) => `run ${probe.tag} ${shellLine(probe.argv)} &`),
    'wait',
    // When the last probe ended, on the kernel's clock (centiseconds since boot), which the
    // gateways' readings carry too: a flow is decided only by readings that began after it.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, not a template
    'read -r up _ </proc/uptime; echo "ended ${up%.*}${up#*.}"',
    `for t in ${probes.map((p) => p.tag).join(' ')}; do read -r rc < "$D/$t.rc"; printf '%s %s %s\\n' "$t" "$rc" "$(base64 -w0 < "$D/$t.out")"; done`,
    'rm -rf "$D"',
  ].join('\n');
}

/** Parses a batch's output lines back into per-probe results. */
export function parseBatch(stdout: string): BatchResult[] {
  return stdout
    .split('\n')
    .map((line) => /^(\d+) (\d+) ?(\S*)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({
      tag: Number(match[1]),
      exitCode: Number(match[2]),
      stdout: Buffer.from(match[3] ?? '', 'base64').toString('utf8'),
    }));
}

/** The kernel's clock (centiseconds since boot) when a batch's probes had all ended, from its output. */
export function batchEnded(stdout: string): number | undefined {
  const match = /^ended (\d+)$/m.exec(stdout);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Stops the given probes of a running batch (their whole process groups, with `pkill -g`: dash's `kill` takes no negative pid); a probe already gone is no error. */
export function killProbes(dir: string, tags: readonly number[]): string {
  const d = shellQuote(dir);
  return `for t in ${tags.join(' ')}; do p=$(cat ${d}/$t.pid 2>/dev/null) && pkill -TERM -g "$p"; done; true`;
}
