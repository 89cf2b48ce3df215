import { fileURLToPath } from 'node:url';

const hook = fileURLToPath(new URL('./ts-import-hook.mjs', import.meta.url));

/** The argv that runs one of this package's TypeScript files in a child `node`, straight from the sources. */
export function typescriptArgv(script: string, args: readonly string[] = []): string[] {
  return [process.execPath, '--import', hook, script, ...args];
}
