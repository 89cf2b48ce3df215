import {
  chmodSync,
  mkdirSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { checkOutputDir, outputRefused, statOf, writeFailure } from './output-path.js';

/** One thing to write under a root: a file with its text and mode, or a symbolic link to a target. */
export type OutputEntry =
  | { readonly path: string; readonly text: string; readonly mode: number }
  | { readonly path: string; readonly target: string };

/**
 * Writes every entry under `root`, or none of them. Each place is checked first (checkOutputDir on its
 * directory, no directory in its way), each entry is then written beside its place under a temporary
 * name, and only when all are written are they renamed into place. A failure removes the temporary
 * files and the directories made for them and throws one WRITE_FAILED sentence naming the path and the
 * reason, begun with `label` (`export -o out`). A file entry on a symlink writes where the link points,
 * as writing a file always has; a link entry replaces a link. Returns the paths written.
 */
export function writeAllOrNothing(root: string, entries: readonly OutputEntry[], label: string): string[] {
  const made: string[] = [];
  const staged: string[] = [];
  let current = root;
  try {
    checkOutputDir(root, label);
    const places = entries.map((entry) => {
      current = join(root, entry.path);
      return placeOf(current, 'text' in entry, label);
    });
    entries.forEach((entry, index) => {
      current = places[index] ?? root;
      makeDirs(dirname(current), made);
      const temp = join(dirname(current), `.${basename(current)}.multihome-${process.pid}.tmp`);
      rmSync(temp, { force: true });
      staged.push(temp);
      if ('text' in entry) {
        writeFileSync(temp, entry.text, { mode: entry.mode });
        chmodSync(temp, entry.mode);
      } else symlinkSync(entry.target, temp);
    });
    staged.forEach((temp, index) => {
      current = places[index] ?? root;
      renameSync(temp, current);
    });
    return places;
  } catch (error) {
    for (const temp of staged) rmSync(temp, { force: true });
    for (const dir of made.reverse()) rmdirSync(dir);
    throw writeFailure(label, current, error);
  }
}

/**
 * Writes one file (`--junit FILE`), making its missing directories as `--report DIR` does, with the
 * checks and the all-or-nothing of writeAllOrNothing: a refused or failed write leaves nothing behind.
 */
export function writeOutputFile(file: string, text: string, label: string): void {
  writeAllOrNothing(dirname(file), [{ path: basename(file), text, mode: 0o644 }], label);
}

// Where an entry goes: refused when a directory is in its way; a file follows a symlink that resolves.
function placeOf(path: string, isFile: boolean, label: string): string {
  const link = statOf(path, false)?.isSymbolicLink() === true;
  const place = isFile && link ? resolvedOr(path) : path;
  if (statOf(place)?.isDirectory() && (isFile || !link))
    throw outputRefused(label, `${place} is a directory, not a file`);
  checkOutputDir(dirname(place), label);
  return place;
}

function resolvedOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

// mkdir -p one level at a time (a recursive mkdirSync loops forever on procfs), noting what it made.
function makeDirs(dir: string, made: string[]): void {
  if (statOf(dir) !== undefined) return;
  makeDirs(dirname(dir), made);
  mkdirSync(dir);
  made.push(dir);
}
