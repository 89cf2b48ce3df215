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
};

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
};
