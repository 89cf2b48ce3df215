import { SERVICE_CONFIG, UNIT_PATH, WANTED_BY, WANTS_LINK } from './service-paths.js';
import { unitFile } from './unit-file.js';

/** One thing `service install` puts on the host: a file with its text, or the enable symlink. */
export type InstallEntry =
  | { readonly kind: 'file'; readonly path: string; readonly text: string; readonly mode: number }
  | { readonly kind: 'link'; readonly path: string; readonly target: string };

/** What `service install` writes, in order: the config, the unit, and the link that enables it. */
export function installEntries(options: {
  readonly configText: string;
  readonly watch: boolean;
  readonly cli: readonly string[];
}): InstallEntry[] {
  return [
    { kind: 'file', path: SERVICE_CONFIG, text: options.configText, mode: 0o644 },
    { kind: 'file', path: UNIT_PATH, text: unitFile(options), mode: 0o644 },
    // What `systemctl --root DIR enable` makes for WantedBy=: a link to the unit's absolute path.
    { kind: 'link', path: WANTS_LINK, target: UNIT_PATH },
  ];
}

/** The entries for humans: what was (or, with --dry-run, would be) written, files in full. */
export function renderEntries(entries: readonly InstallEntry[], root: string, dryRun: boolean): string {
  const verb = dryRun ? 'Would write' : 'Wrote';
  return entries
    .map((entry) =>
      entry.kind === 'link'
        ? `${verb} ${join(root, entry.path)} -> ${entry.target} (enables it for ${WANTED_BY})`
        : `${verb} ${join(root, entry.path)}:\n${indent(entry.text)}`,
    )
    .join('\n');
}

function join(root: string, path: string): string {
  return root === '/' ? path : `${root.replace(/\/$/, '')}${path}`;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
