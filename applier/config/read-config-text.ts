import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { ConfigError } from '../errors.js';

/** A config is a few kilobytes; a mebibyte is generous and keeps `-c /dev/zero` from eating memory. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads a config file's text: "not there" is CONFIG_NOT_FOUND, anything but a regular file (a FIFO,
 * a device, a directory) or a file over MAX_CONFIG_BYTES is refused, other read failures are a
 * ConfigError. It is opened non-blocking (a FIFO without writer would block the open) and checked
 * before the first read, so only a regular file of at most a mebibyte is ever read: a synchronous
 * read of that takes milliseconds and cannot hang, whatever the path is.
 */
export function readConfigText(path: string): string {
  const refuse = (message: string) => new ConfigError(path, [{ path: [], message }]);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw openFailure(path, error);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw refuse(`config file ${path} is ${kindOf(stat)}, not a regular file`);
    if (stat.size > MAX_CONFIG_BYTES) throw refuse(tooBig(path));
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      read = readSync(fd, buffer, length, buffer.length - length, null);
    }
    if (length > MAX_CONFIG_BYTES) throw refuse(tooBig(path));
    return buffer.subarray(0, length).toString('utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw refuse(`cannot read config file: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    closeSync(fd);
  }
}

function openFailure(path: string, error: unknown): ConfigError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new ConfigError(
      path,
      [{ path: [], message: `config file ${path} does not exist` }],
      'CONFIG_NOT_FOUND',
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new ConfigError(path, [{ path: [], message: `cannot read config file: ${reason}` }]);
}

function tooBig(path: string): string {
  return `config file ${path} is larger than ${MAX_CONFIG_BYTES} bytes (1 MiB); is it the right file?`;
}

function kindOf(stat: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean }): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  return 'a special file';
}
