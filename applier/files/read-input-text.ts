import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { ConfigError } from '../errors.js';

/** An input file is a few kilobytes; a mebibyte is generous and keeps `/dev/zero` from eating memory. */
export const MAX_INPUT_BYTES = 1024 * 1024;

/** What an input file is, for its errors: `config file`, `topology file (--topology)`, and its codes. */
export type InputKind<Code extends string> = {
  /** The file in words, as the messages name it: `config file`, `topology file`, `script`. */
  readonly what: string;
  /** The option that named it, when one did: `--topology`. */
  readonly option?: string;
  /** The code of every refusal. */
  readonly code: Code;
  /** The code when the file is not there; `code` unless given. */
  readonly notFoundCode?: Code;
};

/**
 * Reads a user's input file: "not there" is `notFoundCode`, anything but a regular file (a FIFO, a
 * device, a directory) or a file over MAX_INPUT_BYTES is refused, other read failures are a
 * ConfigError too (exit 2). It is opened non-blocking (a FIFO without writer would block the open)
 * and checked before the first read, so only a regular file of at most a mebibyte is ever read: a
 * synchronous read of that takes milliseconds and cannot hang, whatever the path is.
 */
export function readInputText<Code extends string>(path: string, kind: InputKind<Code>): string {
  const named = `${kind.what} ${path}${kind.option === undefined ? '' : ` (${kind.option})`}`;
  const refuse = (message: string, code = kind.code) => new ConfigError(path, [{ path: [], message }], code);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const missing = ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');
    if (missing) throw refuse(`${named} does not exist`, kind.notFoundCode ?? kind.code);
    throw refuse(`cannot read ${named}: ${reasonOf(error)}`);
  }
  const tooBig = `${named} is larger than ${MAX_INPUT_BYTES} bytes (1 MiB); is it the right file?`;
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw refuse(`${named} is ${kindOf(stat)}, not a regular file`);
    if (stat.size > MAX_INPUT_BYTES) throw refuse(tooBig);
    const buffer = Buffer.alloc(MAX_INPUT_BYTES + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      read = readSync(fd, buffer, length, buffer.length - length, null);
    }
    if (length > MAX_INPUT_BYTES) throw refuse(tooBig);
    return buffer.subarray(0, length).toString('utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw refuse(`cannot read ${named}: ${reasonOf(error)}`);
  } finally {
    closeSync(fd);
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What is at a path, in words, for the messages that refuse it: `a FIFO`, `a directory`. */
export function kindOf(stat: Stats): string {
  if (stat.isFile()) return 'a file';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'a special file';
}
