import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readConfigText } from '../config/read-config-text.js';
import { validate } from '../config/validate-config.js';
import { MultihomeError } from '../errors.js';
import { writeAllOrNothing } from '../files/write-all.js';
import type { LiveFacts } from '../model/config.js';
import { parseYamlSource } from '../yaml/yaml-source.js';
import { type InstallEntry, installEntries } from './install-plan.js';
import { SERVICE_CONFIG, UNIT_DIR, UNIT_PATH, WANTS_LINK } from './service-paths.js';

// What a host that has just booted offers `address: auto` and `gateway: auto`: nothing yet.
const NO_LIVE_FACTS: LiveFacts = { addresses: [], mainDefaults: [], ownedRoutes: [], displacedDefaults: [] };

/**
 * Checks everything before anything is written: root, a systemd unit directory, and a valid config
 * (validated as apply validates it, except against this host's interfaces when installing into
 * another root). Returns the entries to write; throws a user error that names what is missing. A
 * dry run is checked alike, so it succeeds only where the real install would.
 */
export function prepareInstall(
  root: string,
  options: { readonly config: string; readonly watch: boolean; readonly cli: readonly string[] },
): InstallEntry[] {
  requireWritableSystemd(root, 'install');
  const configText = readConfigText(options.config);
  // No live host to read `auto` from: an `auto` uplink then waits for its lease, as at boot.
  validate(parseYamlSource(configText, options.config), { live: NO_LIVE_FACTS }, undefined);
  return installEntries({ configText, watch: options.watch, cli: options.cli });
}

/**
 * Writes the entries under the root, all or none: files whole, the enable link replaced if there was
 * one. A path that cannot be written is a WRITE_FAILED naming it, with nothing written (exit 2).
 */
export function writeEntries(root: string, entries: readonly InstallEntry[]): void {
  const label = root === '/' ? 'service install' : `service install --root ${root}`;
  writeAllOrNothing(
    root,
    entries.map((entry) =>
      entry.kind === 'file'
        ? { path: entry.path, text: entry.text, mode: entry.mode }
        : { path: entry.path, target: entry.target },
    ),
    label,
  );
}

/** Removes what install wrote under the root; returns the paths that were there. */
export function removeEntries(root: string): string[] {
  const removed: string[] = [];
  for (const path of [WANTS_LINK, UNIT_PATH, SERVICE_CONFIG].map((entry) => join(root, entry))) {
    if (!exists(path)) continue;
    rmSync(path, { force: true });
    removed.push(path);
  }
  // The directories go too when nothing else is in them, as `systemctl disable` does with .wants.
  for (const dir of [dirname(join(root, SERVICE_CONFIG)), dirname(join(root, WANTS_LINK))]) {
    if (existsSync(dir) && readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
  }
  return removed;
}

/** True when the unit is installed under the root. */
export function isInstalled(root: string): boolean {
  return existsSync(join(root, UNIT_PATH));
}

/** The config the installed unit runs with, or undefined. */
export function installedConfig(root: string): string | undefined {
  const path = join(root, SERVICE_CONFIG);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/**
 * Refuses plainly, before anything changes, when this is not root or there is no systemd to install
 * into or uninstall from.
 */
export function requireWritableSystemd(root: string, action: 'install' | 'uninstall'): void {
  const [touches, into, nothing] =
    action === 'install'
      ? ['writes', 'install into', 'nothing was written']
      : ['removes files', 'uninstall from', 'nothing was removed'];
  if (process.getuid?.() !== 0) {
    throw new MultihomeError('USAGE', `service: must run as root (it ${touches} under /etc); ${nothing}`, {
      source: 'user',
    });
  }
  const units = join(root, UNIT_DIR);
  if (!existsSync(units)) {
    throw new MultihomeError(
      'USAGE',
      `service: ${units} does not exist, so this ${root === '/' ? 'host' : 'root'} has no systemd to ${into}; ${nothing}`,
      { source: 'user' },
    );
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
