import { access, constants, readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { CommandRunner } from '../runner/command-runner.js';
import { LocalRunner } from '../runner/local-runner.js';

/**
 * Where the checks look: the runner that runs probe commands, the PATH that tools are found on, the
 * file-system root under which /proc, /sys and /lib/modules are read, and the process's identity.
 * Tests pass a tmp dir as root and a PATH of small fake executables.
 */
export type ProbeContext = {
  readonly runner: CommandRunner;
  readonly path: string;
  readonly root: string;
  readonly uid: number;
  readonly nodeVersion: string;
};

/** The real machine: this process's PATH, `/`, uid and Node. */
export function hostContext(): ProbeContext {
  return {
    runner: new LocalRunner(),
    path: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
    root: '/',
    uid: process.getuid?.() ?? -1,
    nodeVersion: process.versions.node,
  };
}

/** The absolute path of an executable on the context's PATH, or undefined. */
export async function findTool(context: ProbeContext, name: string): Promise<string | undefined> {
  for (const dir of context.path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return undefined;
}

/** Runs a tool found on the context's PATH; undefined when it is not there. */
export async function runTool(
  context: ProbeContext,
  name: string,
  args: readonly string[],
): Promise<{ stdout: string; stderr: string; exitCode: number } | undefined> {
  const file = await findTool(context, name);
  if (file === undefined) return undefined;
  return context.runner.run([file, ...args], { timeoutMs: 10_000 });
}

/** A file under the context's root, or undefined when it cannot be read. */
export async function readUnderRoot(context: ProbeContext, path: string): Promise<string | undefined> {
  return readFile(join(context.root, path), 'utf8').catch(() => undefined);
}

/** Whether a path exists under the context's root. */
export async function existsUnderRoot(context: ProbeContext, path: string): Promise<boolean> {
  return access(join(context.root, path)).then(
    () => true,
    () => false,
  );
}
