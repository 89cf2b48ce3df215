import { dirname } from 'node:path';
import { LEDGER_ROOT, protosPath, tableNamesPath } from '../ledger/paths.js';

/** Where `service install` puts the config the unit runs with. */
export const SERVICE_CONFIG = '/etc/multihome/multihome.yaml';

/** systemd's directory for units the administrator installs. */
export const UNIT_DIR = '/etc/systemd/system';

/** The unit's name. */
export const UNIT_NAME = 'multihome.service';

/** The unit file. */
export const UNIT_PATH = `${UNIT_DIR}/${UNIT_NAME}`;

/** The target that pulls the unit in at boot (its [Install] WantedBy=). */
export const WANTED_BY = 'multi-user.target';

/** The symlink `systemctl enable` makes for WantedBy=. */
export const WANTS_LINK = `${UNIT_DIR}/${WANTED_BY}.wants/${UNIT_NAME}`;

/**
 * Everything the applier writes, which the sandbox must leave writable: the ledger under /run and
 * the two iproute2 name directories (protocol 77, the tables).
 */
export const WRITABLE_PATHS: readonly string[] = [
  LEDGER_ROOT,
  dirname(tableNamesPath('0')),
  dirname(protosPath('0')),
];
