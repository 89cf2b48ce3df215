import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { MultihomeError } from '../errors.js';
import {
  type Command,
  type CommandResult,
  type CommandRunner,
  DEFAULT_TIMEOUT_MS,
  type HeldCommand,
  type RunOptions,
  type StreamingCommand,
} from './command-runner.js';
import { lineSplitter, tailKeeper } from './line-splitter.js';
import { runListInSh } from './sh-list.js';

// Prints its own pid first, then becomes the command: `stop` kills that pid through a second exec,
// because Docker does not end an exec'd process when its attach connection closes.
const PID_FIRST = 'echo "$$"; exec "$@"';

/**
 * Runs commands in a running Docker container through the exec API. Docker exec has no timeout of
 * its own, so the command is wrapped in coreutils `timeout` inside the container and a client-side
 * timer backs that up.
 */
export class ContainerRunner implements CommandRunner {
  readonly where: string;
  readonly #container: Docker.Container;

  constructor(container: Docker.Container, name: string = container.id.slice(0, 12)) {
    this.#container = container;
    this.where = `container ${name}`;
  }

  async run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
    const exec = await this.#container.exec({
      Cmd: ['timeout', '-k', '2', String(seconds), ...argv],
      AttachStdin: options.input !== undefined,
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = await exec.start({ hijack: true, stdin: options.input !== undefined });
    const stdout = collect();
    const stderr = collect();
    this.#container.modem.demuxStream(stream, stdout.sink, stderr.sink);
    if (options.input !== undefined) stream.end(options.input);

    const ended = new Promise<void>((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', reject);
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new MultihomeError('TIMEOUT', `${this.where}: \`${argv.join(' ')}\` timed out`, {
              source: 'system',
            }),
          ),
        timeoutMs + 5_000,
      );
    });
    try {
      await Promise.race([ended, deadline]);
    } finally {
      clearTimeout(timer);
      stream.destroy();
    }
    const info = await exec.inspect();
    return { stdout: stdout.text(), stderr: stderr.text(), exitCode: info.ExitCode ?? 1 };
  }

  /**
   * `run`, with the exec's stdin kept open until `release()`. Docker closes that stdin when the
   * attached connection goes, so a holder in the container ends when this process dies.
   */
  async hold(argv: readonly string[], readyLine: string): Promise<HeldCommand> {
    const exec = await this.#container.exec({
      Cmd: [...argv],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = await exec.start({ hijack: true, stdin: true });
    const stdout = collect();
    const stderr = collect();
    this.#container.modem.demuxStream(stream, stdout.sink, stderr.sink);
    const ended = new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    const ready = new Promise<true>((resolve) => {
      stdout.sink.on('data', () => {
        if (stdout.text().endsWith(`${readyLine}\n`)) resolve(true);
      });
    });
    if ((await Promise.race([ready, ended])) === true) {
      return {
        ready: true,
        stdout: stdout.text(),
        release: async () => {
          stream.end();
          await ended;
          stream.destroy();
        },
      };
    }
    const info = await exec.inspect();
    return {
      ready: false,
      result: { stdout: stdout.text(), stderr: stderr.text(), exitCode: info.ExitCode ?? 1 },
    };
  }

  spawn(argv: readonly string[], onLine: (line: string) => void): StreamingCommand {
    const stderr = tailKeeper();
    let pid: string | undefined;
    let stopped = false;
    const kill = () => {
      if (pid !== undefined) void this.run(['kill', '-TERM', pid]).catch(() => undefined);
    };
    const exited = (async () => {
      const exec = await this.#container.exec({
        Cmd: ['sh', '-c', PID_FIRST, 'sh', ...argv],
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
      });
      const stream = await exec.start({ hijack: true, stdin: true });
      const out = new PassThrough();
      const err = new PassThrough();
      const lines = lineSplitter((line) => {
        if (pid === undefined) {
          pid = line.trim();
          if (stopped) kill();
        } else onLine(line);
      });
      out.on('data', lines);
      err.on('data', stderr.add);
      this.#container.modem.demuxStream(stream, out, err);
      await new Promise<void>((resolve) => {
        stream.on('end', resolve);
        stream.on('close', resolve);
        stream.on('error', () => resolve());
      });
      const info = await exec.inspect();
      return { exitCode: info.ExitCode ?? 1, stderr: stderr.text() };
    })().catch((error: unknown) => ({ exitCode: 127, stderr: String(error) }));
    return {
      exited,
      stop: () => {
        stopped = true;
        kill();
      },
    };
  }

  runList(commands: readonly Command[]): Promise<CommandResult[]> {
    return runListInSh(this, commands);
  }
}

function collect() {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { sink, text: () => Buffer.concat(chunks).toString('utf8') };
}
