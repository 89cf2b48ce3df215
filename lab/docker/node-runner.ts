import { accessSync, constants, statSync } from 'node:fs';
import type Docker from 'dockerode';
import { processStartTime } from '../../applier/process-alive.js';
import type {
  Command,
  CommandResult,
  CommandRunner,
  HeldCommand,
  RunOptions,
  StreamingCommand,
} from '../../applier/runner/command-runner.js';
import { ContainerRunner } from '../../applier/runner/container-runner.js';
import { LocalRunner } from '../../applier/runner/local-runner.js';
import { runListInSh } from '../../applier/runner/sh-list.js';

/** A running container's init as this host sees it, and the runner that enters its namespaces. */
type Entered = { readonly pid: number; readonly started: string; readonly runner: LocalRunner };

/**
 * Runs commands in one lab container. Where the engine runs on this host, so that the container's
 * processes are this host's too (CI's local engine), a command enters the container's namespaces
 * with `nsenter --all` (a few milliseconds), where a `docker exec` costs the engine about 50 ms of
 * CPU: that was most of the Docker suite's time. The command sees what an exec's sees: the
 * container's filesystem, network, PID namespace (it dies with the container) and environment;
 * only its cgroup is this host's. `setpriv --pdeathsig` on both sides of nsenter makes it die with
 * this process, or when a timeout kills nsenter. Elsewhere (a remote engine, this process inside
 * another container, no nsenter here), and while the container is stopped or paused, commands go
 * through the exec API, which answers 409 then: the lab reads a stopped gateway by that.
 */
export class DockerNodeRunner implements CommandRunner {
  readonly where: string;
  readonly #container: Docker.Container;
  readonly #api: ContainerRunner;
  #entered: Entered | undefined;
  /** Set once the container's init is not a process of this host: every command goes through the API. */
  #remote = false;

  constructor(container: Docker.Container, where: string) {
    this.#container = container;
    this.where = where;
    this.#api = new ContainerRunner(container, where);
  }

  /** Forgets the container's process, after a fault stopped, started, paused or unpaused it. */
  invalidate(): void {
    this.#entered = undefined;
  }

  async run(argv: readonly string[], options?: RunOptions): Promise<CommandResult> {
    return (await this.#runner()).run(argv, options);
  }

  async hold(argv: readonly string[], readyLine: string): Promise<HeldCommand> {
    return (await this.#runner()).hold(argv, readyLine);
  }

  spawn(argv: readonly string[], onLine: (line: string) => void): StreamingCommand {
    let stopped = false;
    let command: StreamingCommand | undefined;
    const exited = this.#runner().then((runner) => {
      command = (runner.spawn as NonNullable<CommandRunner['spawn']>).call(runner, argv, onLine);
      if (stopped) command.stop();
      return command.exited;
    });
    return {
      exited: exited.catch((error: unknown) => ({ exitCode: 127, stderr: String(error) })),
      stop: () => {
        stopped = true;
        command?.stop();
      },
    };
  }

  runList(commands: readonly Command[]): Promise<CommandResult[]> {
    return runListInSh(this, commands);
  }

  async #runner(): Promise<CommandRunner> {
    if (this.#remote) return this.#api;
    const entered = this.#entered;
    if (entered !== undefined && processStartTime(entered.pid) === entered.started) return entered.runner;
    this.#entered = await this.#enter();
    return this.#entered?.runner ?? this.#api;
  }

  // The container's init, when it runs unpaused and is this host's process: its network namespace
  // is the one Docker keeps at the sandbox key, which proves that the pid names it here.
  async #enter(): Promise<Entered | undefined> {
    if (!nsenterHere()) {
      this.#remote = true;
      return undefined;
    }
    const info = await this.#container.inspect();
    const pid = info.State.Pid;
    if (!info.State.Running || info.State.Paused || pid <= 0) return undefined;
    const sandbox = inodeOf(info.NetworkSettings.SandboxKey);
    const started = processStartTime(pid);
    if (started === undefined) return undefined; // stopped meanwhile: ask again next time
    if (sandbox === undefined || sandbox !== inodeOf(`/proc/${pid}/ns/net`)) {
      this.#remote = true;
      return undefined;
    }
    const env: Record<string, string> = {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOSTNAME: info.Config.Hostname,
      HOME: '/root',
    };
    for (const entry of info.Config.Env ?? []) {
      const at = entry.indexOf('=');
      if (at > 0) env[entry.slice(0, at)] = entry.slice(at + 1);
    }
    const prefix = ['nsenter', '--target', String(pid), '--all', '--', 'setpriv', '--pdeathsig', 'KILL'];
    return { pid, started, runner: new LocalRunner(prefix, this.where, env) };
  }
}

let nsenterFound: boolean | undefined;

/** Whether util-linux's nsenter is on this host's PATH (looked up once). */
function nsenterHere(): boolean {
  nsenterFound ??= (process.env.PATH ?? '').split(':').some((dir) => {
    try {
      accessSync(`${dir}/nsenter`, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  return nsenterFound;
}

function inodeOf(path: string): number | undefined {
  try {
    return path === '' ? undefined : statSync(path).ino;
  } catch {
    return undefined;
  }
}
