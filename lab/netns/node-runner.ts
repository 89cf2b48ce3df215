import type {
  CommandResult,
  HeldCommand,
  RunOptions,
  StreamingCommand,
} from '../../applier/runner/command-runner.js';
import { LocalRunner } from '../../applier/runner/local-runner.js';
import { LabError } from '../errors.js';
import { holds, type NodeHolder } from './node-holder.js';

/**
 * Runs commands in one node of a netns lab: `nsenter` into its network namespace and its holder's
 * mount namespace (no fork: the command keeps the pid that execa times out and pdeathsig kills), so it
 * sees the node's interfaces and sysfs, its /etc/netns/<ns>/* over /etc and its own /run, as a
 * container would. The holder is checked before every command: a pid that came round again would
 * otherwise run the command in another process's namespaces, the host's among them.
 */
export class NetnsNodeRunner extends LocalRunner {
  readonly #lab: string;
  readonly #node: string;
  readonly #holder: NodeHolder;

  constructor(lab: string, node: string, namespace: string, holder: NodeHolder | undefined) {
    super(enter(lab, node, namespace, holder), `${lab}/${node}`);
    this.#lab = lab;
    this.#node = node;
    this.#holder = holder as NodeHolder; // enter() threw when it is undefined
  }

  override async run(argv: readonly string[], options?: RunOptions): Promise<CommandResult> {
    this.#check();
    return super.run(argv, options);
  }

  override async hold(argv: readonly string[], readyLine: string): Promise<HeldCommand> {
    this.#check();
    return super.hold(argv, readyLine);
  }

  override spawn(argv: readonly string[], onLine: (line: string) => void): StreamingCommand {
    this.#check();
    return super.spawn(argv, onLine);
  }

  #check(): void {
    if (!holds(this.#holder)) throw gone(this.#lab, this.#node, this.#holder);
  }
}

// The prefix of every command, once the holder is known to hold this node's namespace.
function enter(lab: string, node: string, namespace: string, holder: NodeHolder | undefined): string[] {
  if (holder === undefined) {
    throw new LabError(
      'LAB_FAILED',
      `lab ${lab} node ${node}: its record names no holder process (an older multihome made it, or it is stopped); \`multihome lab down ${lab}\` removes it`,
      { source: 'system' },
    );
  }
  if (!holds(holder, namespace)) throw gone(lab, node, holder);
  // The network namespace by its name, so that one is right whatever the pid has become by the time
  // nsenter opens it; the mount namespace only a holder has. --wd keeps the caller's working
  // directory (entering a mount namespace would move it to /), as `ip netns exec` did.
  return [
    'nsenter',
    `--net=/run/netns/${namespace}`,
    `--mount=/proc/${holder.pid}/ns/mnt`,
    `--wd=${process.cwd()}`,
    '--',
  ];
}

function gone(lab: string, node: string, holder: NodeHolder): LabError {
  return new LabError(
    'LAB_FAILED',
    `lab ${lab} node ${node}: its holder process ${holder.pid} is gone or is another process now (the node was stopped, or the lab removed); see \`multihome lab ls\``,
    { source: 'system' },
  );
}
