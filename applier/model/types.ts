import type { Config, Family } from './config.js';

/** A route as multihome compares it: identity is (table, dst, family); the rest is content. */
export type Route = {
  readonly family: Family;
  readonly table: number;
  /** `default` or a normalised CIDR. */
  readonly dst: string;
  readonly dev: string;
  readonly gateway?: string;
  readonly src?: string;
  readonly onlink?: boolean;
  readonly protocol: number | string;
  readonly metric?: number;
  /** A multipath route's next hops (`dev` is then '' and `gateway` absent): balancing by weight. */
  readonly nexthops?: readonly Nexthop[];
};

/** One next hop of a multipath route. */
export type Nexthop = {
  readonly gateway: string;
  readonly dev: string;
  readonly weight: number;
  readonly onlink?: boolean;
};

/** A route in a change; `previous` is the foreign main default a `replace` displaces (for the ledger). */
export type RouteChange = Route & { readonly previous?: Route };

/** A policy rule as multihome compares it. */
export type Rule = {
  readonly family: Family;
  readonly priority: number;
  readonly table: number;
  /** Normalised source selector without prefix for a host (`198.51.100.10`), CIDR otherwise. */
  readonly from?: string;
  /** fwmark value and mask. */
  readonly fwmark?: number;
  readonly fwmask?: number;
  readonly protocol: number | string;
};

/** An address on an interface. */
export type Address = {
  readonly family: Family;
  readonly interface: string;
  readonly address: string;
  readonly prefixLength: number;
  readonly label?: string;
};

/** A sysctl by full key (`net.ipv4.conf.eth0.rp_filter`). */
export type Sysctl = { readonly key: string; readonly value: string };

/**
 * The nftables table multihome owns. `text` is what `nft -f` loads; `digest` (a hash of `text`) is
 * stored as the table's comment, so state compares digests instead of nft's re-printed rules.
 */
export type NftTable = {
  readonly family: 'inet';
  readonly name: string;
  readonly text: string;
  readonly digest: string;
};

/** A name for a routing table in rt_tables.d, for humans; every operation uses the numeric id. */
export type TableName = { readonly table: number; readonly name: string };

/** The kinds of object the planner manages. */
export type ChangeKind = 'address' | 'route' | 'rule' | 'nftables' | 'sysctl' | 'table-name';

/** Every change the planner can produce; `object` is typed by `kind`. */
export type Change =
  | ChangeOf<'address', Address>
  | ChangeOf<'route', RouteChange>
  | ChangeOf<'rule', Rule>
  | ChangeOf<'nftables', NftTable>
  | ChangeOf<'sysctl', Sysctl & { readonly previous?: string }>
  | ChangeOf<'table-name', TableName>;

/** One change of one kind of object: what to do to it, and why. */
export type ChangeOf<K extends ChangeKind, O> = {
  /** `add` creates, `delete` removes, `replace` changes content under the same identity. */
  readonly action: 'add' | 'delete' | 'replace';
  readonly kind: K;
  /** 4, 6, or null for family-less objects (nftables inet table, table names). */
  readonly family: Family | null;
  readonly object: O;
  /** One plain sentence a network engineer reads in the plan output. */
  readonly reason: string;
};

/** What the kernel has now, as far as multihome cares: its own objects plus the facts it needs. */
export type HostState = {
  /** Every route in every table carrying multihome's protocol, both families. */
  readonly ownedRoutes: readonly Route[];
  /** Main-table default routes of any protocol, per family (to keep or set the `default:` uplink). */
  readonly mainDefaults: readonly Route[];
  /** Every rule carrying multihome's protocol, both families. */
  readonly ownedRules: readonly Rule[];
  /** Table ids in use by anything not multihome's (routes or rules), so none is taken for an uplink. */
  readonly foreignTables: readonly number[];
  /** Every address on every interface. */
  readonly addresses: readonly Address[];
  /** Interface names that exist. */
  readonly interfaces: readonly string[];
  /** Interfaces set down (`ip link set … down`): the kernel dropped their routes and refuses new ones. */
  readonly downInterfaces?: readonly string[];
  /** Each interface's ifindex, by name: a link deleted and made again under its name gets a new one. */
  readonly interfaceIndexes?: Readonly<Record<string, number>>;
  /** multihome's nftables table as `nft -j list table inet multihome` reports it, or null when absent. */
  readonly nftTable: { readonly comment: string | null; readonly rules: number } | null;
  /** Current values of the sysctls the planner may touch. */
  readonly sysctls: Readonly<Record<string, string>>;
  /** The names in this namespace's rt_tables.d file, when the file was read (absent file: none). */
  readonly tableNames?: readonly TableName[];
};

/**
 * What multihome remembers per network namespace between runs (the ledger). Kernel objects carry
 * multihome's protocol tag, but the tag alone proves nothing (other software may use 77): what
 * multihome created is listed here, and only that is changed or removed.
 */
export type Ledger = {
  readonly version: 2;
  /** The last applied config, so `status` can report drift and `remove` knows what to undo. */
  readonly config: Config;
  /** Addresses multihome added (found ones are never recorded, so never removed). */
  readonly addedAddresses: readonly Address[];
  /** Original value of each sysctl multihome changed, restored by `remove`. */
  readonly sysctlOriginals: Readonly<Record<string, string>>;
  /** The value multihome set for each of those keys: `remove` restores a key only while it still holds it. */
  readonly sysctlValues: Readonly<Record<string, string>>;
  /** Foreign main-table default routes that `apply` replaced, restored by `remove`. */
  readonly displacedDefaults: readonly Route[];
  /** The tagged routes multihome created (main defaults included). */
  readonly routes: readonly Route[];
  /** The tagged rules multihome created. */
  readonly rules: readonly Rule[];
  /** Marks of uplinks that went: never handed out again while a tracked connection may carry them. */
  readonly retiredMarks: readonly number[];
  /**
   * Marks of `auto` uplinks waiting for their lease again, by name: kept for them, neither retired
   * nor handed to another uplink, so a line that keeps losing its lease does not use up the mask.
   */
  readonly waitingMarks?: Readonly<Record<string, number>>;
};

/** A ledger before anything was applied: what `config` starts from. */
export function emptyLedger(config: Config): Ledger {
  return {
    version: 2,
    config,
    addedAddresses: [],
    sysctlOriginals: {},
    sysctlValues: {},
    displacedDefaults: [],
    routes: [],
    rules: [],
    retiredMarks: [],
  };
}
