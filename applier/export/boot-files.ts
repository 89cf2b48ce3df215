import { nftReplaceScript } from '../apply/steps.js';
import { nextTableNames } from '../apply/table-names.js';
import { sysctlPath } from '../state/sysctl-keys.js';
import { type ExportFile, fileHeader } from './export-file.js';
import type { ExportModel } from './export-model.js';

/** Where the nft file goes; Debian's /etc/nftables.conf loads it with the include line in its header. */
export const NFT_DESTINATION = '/etc/nftables.d/multihome.nft';

// The file swaps the table whole, as apply does, so loading it again (or after apply) never doubles a rule.
const NFT_INCLUDE_NOTE = `# /etc/nftables.conf loads it with: include "${NFT_DESTINATION}"\n`;

/** The sysctl.d file systemd-sysctl loads at boot. */
export const SYSCTL_DESTINATION = '/etc/sysctl.d/60-multihome.conf';

/** Names for the tables, for `ip` output only (every export uses numeric ids). */
export const TABLE_NAMES_DESTINATION = '/etc/iproute2/rt_tables.d/multihome.conf';

// The files' names in the export directory.
const NFT_NAME = 'nftables.d/multihome.nft';
const SYSCTL_NAME = 'sysctl.d/60-multihome.conf';
const TABLE_NAMES_NAME = 'iproute2/rt_tables.d/multihome.conf';

/** The names of the boot files in an export directory, whichever of them a config makes. */
export const BOOT_FILE_NAMES: readonly string[] = [NFT_NAME, SYSCTL_NAME, TABLE_NAMES_NAME];

/**
 * The parts no network manager can express, as files the host loads at boot: multihome's nft table
 * (when the config has `lan`), the sysctls apply sets, and the table names.
 */
export function bootFiles(model: ExportModel): ExportFile[] {
  const files: ExportFile[] = [];
  const file = model.config.file;
  if (model.nftTable !== null) {
    files.push({
      name: NFT_NAME,
      destination: `${NFT_DESTINATION} (and \`include "${NFT_DESTINATION}"\` in /etc/nftables.conf)`,
      text: `${fileHeader('#', NFT_DESTINATION, file)}${NFT_INCLUDE_NOTE}${nftReplaceScript(model.nftTable.text)}`,
    });
  }
  const sysctls = Object.entries(model.sysctls).sort(([a], [b]) => a.localeCompare(b));
  if (sysctls.length > 0) {
    files.push({
      name: SYSCTL_NAME,
      destination: SYSCTL_DESTINATION,
      text: `${fileHeader('#', SYSCTL_DESTINATION, file)}${sysctls.map(([key, value]) => `${key} = ${value}\n`).join('')}`,
    });
  }
  const names = tableNamesText(model);
  if (names !== null) {
    files.push({
      name: TABLE_NAMES_NAME,
      destination: TABLE_NAMES_DESTINATION,
      text: `${fileHeader('#', TABLE_NAMES_DESTINATION, file)}${names}`,
    });
  }
  return files;
}

/** The rt_tables.d text apply writes for the model's tables (the same function writes both). */
export function tableNamesText(model: ExportModel): string | null {
  const changes = model.tableNames.map((object) => ({
    action: 'add' as const,
    kind: 'table-name' as const,
    family: null,
    object,
    reason: '',
  }));
  return nextTableNames(null, changes);
}

/** The /proc/sys path of each sysctl, for the script. */
export function sysctlWrites(model: ExportModel): { path: string; value: string }[] {
  return Object.entries(model.sysctls)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => ({ path: sysctlPath(key), value }));
}
