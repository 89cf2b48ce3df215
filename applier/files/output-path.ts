import { accessSync, constants, lstatSync, realpathSync, type Stats, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { MultihomeError } from '../errors.js';
import { kindOf } from './read-input-text.js';

// Kernel file systems: nothing of ours belongs there, and Node's recursive mkdir loops forever on procfs.
const KERNEL_TREES = ['/proc', '/sys'];

// Failures that say the path the user gave is wrong (exit 2); any other (a full disk, EIO) is the system's.
const USER_ERRNOS = [
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOTDIR',
  'EEXIST',
  'EISDIR',
  'ENOENT',
  'ENAMETOOLONG',
  'ELOOP',
];

/**
 * Refuses, before anything is written, a directory that cannot be made or written into: one under
 * /proc or /sys, one with a file where a directory must be, or one whose nearest existing ancestor
 * is not writable. `label` is what the error begins with, the command and its option: `export -o out`.
 */
export function checkOutputDir(dir: string, label: string): void {
  const absolute = resolve(dir);
  const existing = nearestExisting(absolute);
  const real = join(realpathSync(existing), relative(existing, absolute));
  const tree = KERNEL_TREES.find((root) => real === root || real.startsWith(`${root}/`));
  if (tree !== undefined)
    throw outputRefused(label, `${dir} is under ${tree}, a kernel file system; name a directory on disk`);
  const stat = statSync(existing);
  if (!stat.isDirectory()) throw outputRefused(label, `${existing} is ${kindOf(stat)}, not a directory`);
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw outputRefused(label, `${existing} is not writable: ${reasonOf(error)}`);
  }
}

/**
 * Refuses a file that cannot be written: a directory in its place, or a directory for it that cannot
 * be made or written into (checkOutputDir). A missing directory is fine: writeOutputFile makes it.
 */
export function checkOutputFile(file: string, label: string): void {
  if (statOf(file)?.isDirectory()) throw outputRefused(label, `${file} is a directory, not a file`);
  checkOutputDir(dirname(file), label);
}

/** A failed write as one sentence naming the path and the reason; the user's when the path is (exit 2). */
export function writeFailure(label: string, path: string, error: unknown): MultihomeError {
  if (error instanceof MultihomeError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return new MultihomeError(
    'WRITE_FAILED',
    `${label}: cannot write ${path}: ${reasonOf(error)}; nothing was written`,
    { source: USER_ERRNOS.includes(code) ? 'user' : 'system', cause: error },
  );
}

/** A user error about an output path, found before anything was written. */
export function outputRefused(label: string, message: string): MultihomeError {
  return new MultihomeError('WRITE_FAILED', `${label}: ${message}; nothing was written`, { source: 'user' });
}

/** What is at a path (the link itself with `follow: false`), or undefined when nothing is, a file in the way included. */
export function statOf(path: string, follow = true): Stats | undefined {
  try {
    return (follow ? statSync : lstatSync)(path, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
}

// The path itself, or the closest ancestor of it that exists.
function nearestExisting(path: string): string {
  let at = path;
  while (statOf(at) === undefined && at !== dirname(at)) at = dirname(at);
  return at;
}

// `EACCES: permission denied, mkdir '/x'` → `permission denied (EACCES)`.
function reasonOf(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const words = code === undefined ? undefined : new RegExp(`^${code}: ([^,]+)`).exec(message ?? '')?.[1];
  return words === undefined ? String(message ?? error) : `${words} (${code})`;
}
