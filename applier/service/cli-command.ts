import { existsSync, realpathSync } from 'node:fs';
import { cliPath } from '../e2e/cli-path.js';

/**
 * The command the unit starts the CLI with: this Node and the CLI's entry script, both absolute
 * (a unit has no PATH to find `multihome` on). The script is the package's dist/cli.js, found from the
 * package root, because this code runs from the sources, from tsc's dist/ and from the esbuild bundle,
 * each at another depth below that root.
 */
export function cliCommand(): string[] {
  const script = cliPath();
  return [process.execPath, existsSync(script) ? realpathSync(script) : script];
}
