import { writeAllOrNothing } from '../files/write-all.js';
import type { ExportFile } from './export-file.js';

/**
 * Writes an export into `dir`, each file at its name with its mode, all or none: a path that cannot be
 * written is a WRITE_FAILED naming it (exit 2 when the path is at fault). Returns the paths written.
 */
export function writeExport(dir: string, files: readonly ExportFile[]): string[] {
  const entries = files.map((file) => ({ path: file.name, text: file.text, mode: file.mode ?? 0o644 }));
  return writeAllOrNothing(dir, entries, `export -o ${dir}`);
}

/** What `export` prints: each file and where it goes on the host. */
export function renderPlacement(files: readonly ExportFile[], dir: string | undefined): string {
  const width = Math.max(...files.map((file) => file.name.length));
  const lines = files.map((file) => `  ${file.name.padEnd(width)}  → ${file.destination}`);
  return `${dir === undefined ? 'Files' : `Wrote to ${dir}`}:\n${lines.join('\n')}`;
}

/** All files as one text for stdout (no -o): each under a `==> name <==` line, as `head` prints several files. */
export function renderFiles(files: readonly ExportFile[]): string {
  return files.map((file) => `==> ${file.name} <==\n${file.text}`).join('\n');
}
