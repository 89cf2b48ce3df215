import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ExportFile } from './export-file.js';

/** Writes an export into `dir`, each file at its name with its mode; returns the paths written. */
export function writeExport(dir: string, files: readonly ExportFile[]): string[] {
  return files.map((file) => {
    const path = join(dir, file.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.text);
    chmodSync(path, file.mode ?? 0o644);
    return path;
  });
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
