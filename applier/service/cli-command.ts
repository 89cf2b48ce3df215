import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The command the unit starts the CLI with: this Node and the CLI's entry script, both absolute
 * (a unit has no PATH to find `multihome` on). From the sources, that is the built dist/cli.js.
 */
export function cliCommand(): string[] {
  const beside = fileURLToPath(new URL('../../cli.js', import.meta.url));
  const script = existsSync(beside) ? beside : join(dirname(beside), 'dist', 'cli.js');
  return [process.execPath, existsSync(script) ? realpathSync(script) : script];
}
