/** Protocol number tagging every route and rule multihome creates (`multihome` in rt_protos.d). */
export const MULTIHOME_PROTOCOL = 77;

/** Name of the one nftables table (family inet) multihome owns and replaces whole. */
export const NFT_TABLE = 'multihome';

/** Family of multihome's nftables table: one table covers IPv4 and IPv6. */
export const NFT_FAMILY = 'inet';

/** Prefix of every rt_tables.d name multihome writes (`101 mh-isp1`). */
export const TABLE_NAME_PREFIX = 'mh-';

/** The kernel's reserved tables (default, main, local): never counted as foreign, never assigned. */
export const RESERVED_TABLES: readonly number[] = [253, 254, 255];

/** The main routing table, where the host's default route lives. */
export const MAIN_TABLE = 254;
