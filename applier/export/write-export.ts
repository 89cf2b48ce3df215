import { readdirSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeAllOrNothing } from '../files/write-all.js';
import { BOOT_FILE_NAMES } from './boot-files.js';
import { compareExport } from './check-export.js';
import type { ExportFile, ExportFormat } from './export-file.js';
import { NETWORKD_DROP_IN } from './networkd.js';

/**
 * Writes an export into `dir`, each file at its name with its mode, all or none: a path that cannot be
 * written is a WRITE_FAILED naming it (exit 2 when the path is at fault). Then deletes the files an
 * earlier export of the format left there that this config no longer makes (the drop-in of an interface
 * it dropped, the nft file of a `lan` it dropped), which `--check` calls stale, so that exporting again
 * is what makes `--check` pass. Returns the names deleted.
 */
export function writeExport(dir: string, files: readonly ExportFile[], format: ExportFormat): string[] {
  const entries = files.map((file) => ({ path: file.name, text: file.text, mode: file.mode ?? 0o644 }));
  writeAllOrNothing(dir, entries, `export -o ${dir}`);
  const stale = compareExport(dir, files).flatMap((difference) =>
    difference.kind === 'extra' && mayGoStale(format, difference.name) ? [difference.name] : [],
  );
  for (const name of stale) removeWithEmptyParents(dir, name);
  return stale;
}

// The files of a format that some configs make and others do not; each format's own file (the script,
// the netplan file, ...) is made by every config, and another format's files in DIR are left alone.
function mayGoStale(format: ExportFormat, name: string): boolean {
  if (format === 'script') return false;
  return BOOT_FILE_NAMES.includes(name) || (format === 'networkd' && NETWORKD_DROP_IN.test(name));
}

// A stale drop-in's directory goes with it when nothing else is in it, so copying DIR adds no empty one.
function removeWithEmptyParents(dir: string, name: string): void {
  rmSync(join(dir, name));
  for (let parent = dirname(name); parent !== '.'; parent = dirname(parent)) {
    if (readdirSync(join(dir, parent)).length > 0) return;
    rmdirSync(join(dir, parent));
  }
}

/** What `export` prints: each file and where it goes on the host, and what an earlier export left that went. */
export function renderPlacement(
  files: readonly ExportFile[],
  dir: string | undefined,
  removed: readonly string[] = [],
): string {
  const width = Math.max(...files.map((file) => file.name.length));
  const lines = files.map((file) => `  ${file.name.padEnd(width)}  → ${file.destination}`);
  const gone = removed.map((name) => `  ${name} (an earlier export's; the config no longer makes it)`);
  return [
    `${dir === undefined ? 'Files' : `Wrote to ${dir}`}:`,
    ...lines,
    ...(gone.length === 0 ? [] : ['Removed:', ...gone]),
  ].join('\n');
}

/** All files as one text for stdout (no -o): each under a `==> name <==` line, as `head` prints several files. */
export function renderFiles(files: readonly ExportFile[]): string {
  return files.map((file) => `==> ${file.name} <==\n${file.text}`).join('\n');
}
