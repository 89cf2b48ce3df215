import type { Family } from '../model/config.js';
import type { CommandRunner } from '../runner/command-runner.js';

/** Where the kernel would send a packet: its next hop and device (null when it has none or failed). */
export type Resolved = { readonly gateway: string | null; readonly dev: string | null };

/** One kernel lookup and what it said. */
export type RouteLookup = {
  readonly argv: readonly string[];
  readonly resolved: Resolved;
  readonly error?: string;
};

/** `ip -j route get` argv for a probe, with a selector (`from ADDR` or `mark 0xM`). */
export function routeGetArgv(family: Family, probe: string, selector: readonly string[]): string[] {
  return ['ip', '-j', `-${family}`, 'route', 'get', probe, ...selector];
}

/** Asks the kernel for a route; nothing is sent on the wire. */
export async function routeGet(runner: CommandRunner, argv: readonly string[]): Promise<RouteLookup> {
  const result = await runner.run(argv);
  if (result.exitCode !== 0) {
    return {
      argv,
      resolved: { gateway: null, dev: null },
      error: result.stderr.trim() || `exit ${result.exitCode}`,
    };
  }
  return { argv, resolved: parseRouteGet(result.stdout) };
}

/** Reads gateway and device from `ip -j route get` output (a one-element array). */
export function parseRouteGet(stdout: string): Resolved {
  try {
    const [first] = JSON.parse(stdout) as Record<string, unknown>[];
    const gateway = typeof first?.gateway === 'string' ? first.gateway : null;
    const dev = typeof first?.dev === 'string' ? first.dev : null;
    return { gateway, dev };
  } catch {
    return { gateway: null, dev: null };
  }
}
