import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { typescriptArgv } from '../../test-support/typescript-argv.js';

const main = fileURLToPath(new URL('../../../cli.ts', import.meta.url));
const bin = fileURLToPath(new URL('../../../bin.ts', import.meta.url));

/** How a CLI run ended. */
export type CliRun = { readonly status: number | null; readonly stdout: string; readonly stderr: string };

/** The argv that starts the real CLI from its TypeScript sources. */
export function cliArgv(args: readonly string[]): string[] {
  return typescriptArgv(main, args);
}

/** The argv that starts the real `multihome` bin (what a user's `multihome …` runs) from its sources. */
export function binArgv(args: readonly string[]): string[] {
  return typescriptArgv(bin, args);
}

/**
 * Runs the real `multihome` CLI as its own process: inside the namespace (`ip netns exec NAME
 * multihome …`) or from outside with `--netns NAME`; both must work.
 */
export function runCli(
  args: readonly string[],
  options: { readonly netns?: string; readonly via?: 'exec' | 'flag' } = {},
): CliRun {
  const { netns, via = 'exec' } = options;
  const argv =
    netns === undefined
      ? cliArgv(args)
      : via === 'exec'
        ? ['ip', 'netns', 'exec', netns, ...cliArgv(args)]
        : cliArgv([...args, '--netns', netns]);
  const [file, ...rest] = argv;
  const result = spawnSync(file ?? 'false', rest, {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
