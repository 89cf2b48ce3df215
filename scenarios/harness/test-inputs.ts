import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ConfigError, type InputKind, readInputText } from '../../applier/index.js';
import type { LabRuntime, Topology } from '../../lab/index.js';
import {
  defaultTopology,
  LAB_RUNTIMES,
  LabError,
  loadConfigLab,
  loadTopologyFile,
  parseConfigForRouter,
  runtimeToProvision,
} from '../../lab/index.js';

/** The fix `multihome test` applies between its two phases. */
export type FixPlan =
  | { readonly kind: 'derived' }
  | { readonly kind: 'none' }
  | { readonly kind: 'config'; readonly file: string; readonly text: string }
  | {
      readonly kind: 'script';
      readonly file: string;
      readonly text: string;
      readonly timeoutSeconds: number;
    };

/** What the user asked for, read and checked before any lab exists. */
export type TestInputs = {
  readonly topology: Topology;
  /** The topology file, or null for the article's default or a lab derived from `--config`. */
  readonly topologyFile: string | null;
  readonly fix: FixPlan;
  readonly runtime: LabRuntime;
};

/** The flags of `multihome test` that name inputs. */
export type TestInputOptions = {
  readonly topology?: string;
  readonly config?: string;
  readonly script?: string;
  readonly fix?: boolean;
  readonly runtime?: string;
  /** As the user gave it (no commander default), so one given without --script can be refused. */
  readonly scriptTimeout?: string;
};

/**
 * Reads and checks every input: the topology (schema and cross-checks, with lines), a config (the applier's
 * own checks, against the topology's router), a script (`sh -n`), the runtime and the timeout. Throws a
 * user error (exit 2) naming the file, line and field; nothing has been made yet when it does.
 */
export async function readTestInputs(options: TestInputOptions): Promise<TestInputs> {
  const chosen = [options.config, options.script, options.fix === false ? 'x' : undefined].filter(
    (value) => value !== undefined,
  );
  if (chosen.length > 1) throw usage('--config, --script and --no-fix exclude each other: pick one fix');
  // Given without --script it would stop nothing: say so rather than ignore it.
  if (options.scriptTimeout !== undefined && options.script === undefined)
    throw usage('--script-timeout goes with --script');
  if (options.runtime !== undefined && !(LAB_RUNTIMES as readonly string[]).includes(options.runtime))
    throw usage(`--runtime ${options.runtime}: use ${LAB_RUNTIMES.join(' or ')}`);
  // Unnamed: the lab's default choice, or Docker when nothing can run yet (setup then provisions it).
  const runtime = await runtimeToProvision(options.runtime);
  const timeoutSeconds = Number(options.scriptTimeout ?? '60');
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 3600)
    throw usage(`--script-timeout ${options.scriptTimeout}: a whole number of seconds, 1 to 3600`);
  // `--config prod.yaml` alone: the lab is shaped like the config (one ISP per uplink, its LAN, two clients).
  const topology =
    options.topology !== undefined
      ? await loadTopologyFile(options.topology)
      : options.config !== undefined
        ? loadConfigLab(options.config).topology
        : defaultTopology();
  return {
    topology,
    topologyFile: options.topology ?? null,
    fix: await fixPlan(options, timeoutSeconds, topology),
    runtime,
  };
}

async function fixPlan(
  options: TestInputOptions,
  timeoutSeconds: number,
  topology: Topology,
): Promise<FixPlan> {
  if (options.fix === false) return { kind: 'none' };
  if (options.config !== undefined) {
    const text = readInput(options.config, {
      what: 'config file',
      option: '--config',
      code: 'CONFIG_INVALID',
      notFoundCode: 'CONFIG_NOT_FOUND',
    });
    // Against the router the lab will make, so an interface it lacks is refused here, not after the flows.
    parseConfigForRouter(text, options.config, topology);
    return { kind: 'config', file: options.config, text };
  }
  if (options.script !== undefined) {
    const text = readInput(options.script, { what: 'script', option: '--script', code: 'USAGE' });
    await checkShellSyntax(options.script);
    return { kind: 'script', file: options.script, text, timeoutSeconds };
  }
  return { kind: 'derived' };
}

// The fix's file, read as every input is (no FIFO, no device, at most a mebibyte); empty is refused too.
function readInput(file: string, kind: InputKind<'CONFIG_INVALID' | 'CONFIG_NOT_FOUND' | 'USAGE'>): string {
  const text = readInputText(file, kind);
  if (text.trim() === '')
    throw new ConfigError(
      file,
      [{ path: [], message: `${kind.what} ${file} (${kind.option}) is empty` }],
      kind.code,
    );
  return text;
}

// `sh -n` parses without running; dash names the line as `file: 2: Syntax error: ...`, bash as `line 2:`.
async function checkShellSyntax(file: string): Promise<void> {
  try {
    await promisify(execFile)('sh', ['-n', file]);
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    const found = /:\s*(?:line\s+)?(\d+):\s*(.*)$/m.exec(stderr);
    const line = found?.[1];
    const message = found?.[2] || stderr || 'sh -n rejects the script';
    throw new ConfigError(
      file,
      [{ path: ['script'], message, ...(line === undefined ? {} : { line: Number(line) }) }],
      'USAGE',
    );
  }
}

function usage(message: string): LabError {
  return new LabError('USAGE', message, { source: 'user' });
}
