import type { Address, Route } from './types.js';
/** Address family of an uplink; each uplink is exactly one family. */
export type Family = 4 | 6;

/** One uplink after validation: every optional field resolved, addresses normalised. */
export type Uplink = {
  /** Unique name; names the routing table in rt_tables.d as `mh-<name>`. */
  readonly name: string;
  readonly interface: string;
  /** Alias label for a second address on one interface, as the article's `eth0:0`. */
  readonly label?: string;
  readonly family: Family;
  /** The local address without prefix, normalised (`198.51.100.10`, `2001:db8:1::10`). */
  readonly address: string;
  readonly prefixLength: number;
  /** The connected network, normalised (`198.51.100.0/24`). */
  readonly network: string;
  readonly gateway: string;
  /** Gateway outside the subnet is allowed only with this set; routes then carry `onlink`. */
  readonly onlink: boolean;
  /** Routing table id, explicit or assigned stably by the loader. */
  readonly table: number;
  /** Priority of the `from <address>` rule. */
  readonly priority: number;
  /** Priority of the `fwmark` rule (used only when `lan` is set). */
  readonly markPriority: number;
  /** Connection mark value for forwarded traffic that arrived on this uplink, inside `Config.markMask`. */
  readonly mark: number;
  /** Health check that `watch` runs; absent means the uplink always counts as healthy. */
  readonly check?: HealthCheck;
  /** Weight in the main default's multipath route while two or more weighted uplinks are healthy. */
  readonly weight?: number;
};

/** A resolved `check:`: durations in milliseconds, defaults filled in. */
export type HealthCheck = {
  readonly targets: readonly string[];
  readonly intervalMs: number;
  /** Time between probes of a target after it missed one, until it answers again; ≤ intervalMs. */
  readonly failureIntervalMs: number;
  readonly timeoutMs: number;
  readonly down: number;
  readonly up: number;
};

/** A validated config: what the host must look like. */
export type Config = {
  /** Absolute path of the file it came from, for messages and status. */
  readonly file: string;
  readonly uplinks: readonly Uplink[];
  /** Uplink name per family whose gateway carries the main table's default route. */
  readonly defaults: Readonly<Partial<Record<Family, string>>>;
  /** Interfaces whose forwarded connections must return via their arrival uplink. */
  readonly lan: readonly string[];
  /** Mark bits multihome owns; every mark operation is masked with it. */
  readonly markMask: number;
  /** Remote address `verify` asks the kernel about, per family (a route lookup only; nothing is sent). */
  readonly probe: Readonly<Record<Family, string>>;
  /** Reverse-path filter policy: `loose` makes strict interfaces loose; `keep` never touches it. */
  readonly rpFilter: 'loose' | 'keep';
  /**
   * Preference order of uplink names for the main default (first healthy of each family wins), as
   * written; absent means the `defaults` uplinks first, then file order.
   */
  readonly failover?: readonly string[];
  /** Delete a dead uplink's conntrack entries on failover (mwan3's flush_conntrack). */
  readonly flushOnFailover?: true;
  /** Program `watch` runs on each health transition. */
  readonly onChange?: string;
  /** What `address: auto`/`gateway: auto` resolved to, and the uplinks still waiting for a lease. */
  readonly auto?: {
    readonly resolved: readonly AutoResolution[];
    readonly waiting: readonly AutoWaiting[];
  };
};

/** One `auto` field and what it resolved to, for `plan` and `apply` to print. */
export type AutoResolution = {
  readonly uplink: string;
  readonly field: 'address' | 'gateway';
  readonly value: string;
};

/** An uplink whose `auto` field has nothing to resolve to yet: left out until it has. */
export type AutoWaiting = { readonly uplink: string; readonly reason: string };

/** What the loader needs to know about the host; gathered by the caller so parsing stays pure. */
export type HostFacts = {
  /** Interface names that exist on the host (or in the target namespace). */
  readonly interfaces: readonly string[];
  /** Routing table ids in use by something other than multihome; never assigned, explicit ones refused. */
  readonly foreignTables?: readonly number[];
  /** Tables multihome assigned last time, by uplink name, so ids stay stable across runs. */
  readonly previousTables?: Readonly<Record<string, number>>;
  /** Marks multihome assigned last time, by uplink name, so a tracked connection keeps its uplink. */
  readonly previousMarks?: Readonly<Record<string, number>>;
  /** Marks of uplinks that went: never handed out again while a connection may still carry them. */
  readonly retiredMarks?: readonly number[];
  /** Live addresses and routes, for `address: auto` and `gateway: auto`. */
  readonly live?: LiveFacts;
};

/** What `address: auto` and `gateway: auto` are resolved from: the host's live addresses and routes. */
export type LiveFacts = {
  readonly addresses: readonly Address[];
  /** Main-table defaults of any protocol (the DHCP client's, RA's or PPP's among them). */
  readonly mainDefaults: readonly Route[];
  /** multihome's own routes: an uplink table's default remembers a gateway once the main one moved. */
  readonly ownedRoutes: readonly Route[];
  /** Foreign main defaults multihome replaced (from the ledger). */
  readonly displacedDefaults: readonly Route[];
};
