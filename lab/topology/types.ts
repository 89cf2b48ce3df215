/** A segment's addressing in one family: the scenario subnet, set inside containers only. */
export type Subnet = { readonly cidr: string };

/** An ISP: its customer segment addressing, its gateway, and how it treats customer traffic. */
export type Isp = {
  readonly name: string;
  /** The router-facing segment (Docker network) this ISP's gateway sits on; ISPs may share one. */
  readonly segment: string;
  /** Customer prefix per family, e.g. `198.51.100.0/24`, `2001:db8:1::/64`. */
  readonly prefixes: readonly string[];
  /** Gateway address per family inside `prefixes`. */
  readonly gateways: readonly string[];
  /** The router's address per family inside `prefixes`. */
  readonly routerAddresses: readonly string[];
  /** The router interface (name inside the router) this ISP is reached through. */
  readonly routerInterface: string;
  /** Alias label for a second ISP on one interface (`eth0:0`). */
  readonly routerLabel?: string;
  /** Drop customer packets whose source is outside `prefixes` (BCP38). Default true. */
  readonly bcp38: boolean;
  /** Optional tc netem impairment on the gateway's customer side. */
  readonly netem?: { readonly delayMs?: number; readonly lossPercent?: number };
  /** The gateway's own address per family on the internet segment (default `100.64.0.<n>`, `2001:db8:ff::<n>`). */
  readonly internetAddresses?: readonly string[];
};

/** A remote client on the internet. */
export type Client = { readonly name: string; readonly addresses: readonly string[] };

/** A host behind the router on a LAN interface, optionally port-forwarded from every uplink address. */
export type LanHost = {
  readonly name: string;
  readonly addresses: readonly string[];
  readonly forwards: readonly {
    readonly protocol: 'tcp' | 'udp';
    readonly port: number;
    readonly to: number;
  }[];
};

/** The LAN side of the router. */
export type Lan = {
  readonly routerInterface: string;
  /** Router LAN address per family with prefix, e.g. `10.10.0.1/24`. */
  readonly routerAddresses: readonly string[];
  readonly hosts: readonly LanHost[];
};

/** The kinds of flow the lab runs: echo over ICMP, TCP and UDP to the router, and a port forward to the LAN. */
export type FlowProtocol = 'icmp' | 'tcp' | 'udp' | 'forward';

/** An address family as topology files and reports name it. */
export type FlowFamily = 'ipv4' | 'ipv6';

/**
 * One entry of a topology's `expect:` section (netlab's `validate:` analogue). Without `from` it overrides
 * what the inbound flows it selects (by uplink, protocol, family; all when absent) must show; with `from`
 * (`router` or a LAN host) it declares an outbound ping of its own, expected to leave via `via`.
 */
export type FlowExpectation = {
  readonly uplink?: string;
  readonly protocol?: FlowProtocol;
  readonly family?: FlowFamily;
  readonly from?: string;
  /** Outbound: the client pinged (default the first); inbound `forward`: the LAN host whose forwards it selects. */
  readonly to?: string;
  /** Outbound from the router: the uplink whose address it sends from. */
  readonly source?: string;
  /** Which phase the entry speaks for (default `after`). */
  readonly phase: 'before' | 'after' | 'both';
  /** Answered (default true). */
  readonly ok: boolean;
  /** The uplink whose gateway must carry it, or `none` for no gateway; default: its own when `ok`, unchecked otherwise. */
  readonly via?: string;
};

/** A whole lab: the internet around one multi-homed router. */
export type Topology = {
  readonly name: string;
  readonly isps: readonly Isp[];
  readonly clients: readonly Client[];
  /** The router's LAN, when it has one (segment `lan`). */
  readonly lan?: Lan;
  /** The router's LANs when it has several (segments `lan`, `lan1`, …); a topology has `lan` or `lans`. */
  readonly lans?: readonly Lan[];
  /** Which ISP the router's main default route uses before any fix (the article's single gateway). */
  readonly defaultIsp: string;
  /** The internet segment's prefix per family (default `100.64.0.0/24`, `2001:db8:ff::/64`). */
  readonly internet?: { readonly prefixes: readonly string[] };
  /** The router's rp_filter on `all`, `default` and every interface before any fix (default 0). */
  readonly routerRpFilter?: 0 | 1 | 2;
  /** What the flows must show, beyond the defaults (after a fix: every reply via its arrival uplink). */
  readonly expect?: readonly FlowExpectation[];
};

/** Node names in a lab: `router`, `isp:<name>`, `client:<name>`, `lan:<name>`. */
export type NodeName = string;

/** One interface of a node: the lab finds the one on `segment` (by MAC) and renames it to `name`. */
export type PlannedInterface = { readonly segment: string; readonly name: string };

/** A long-running process the lab starts detached inside a node. */
export type PlannedService = {
  readonly argv: readonly string[];
  readonly description: string;
  /** Sockets it listens on, all of which `lab up` waits for (default 1). */
  readonly listeners?: number;
};

/** A tc netem impairment on one interface of a node. */
export type PlannedNetem = {
  readonly interface: string;
  readonly delayMs?: number;
  readonly lossPercent?: number;
};

/**
 * How one node is configured inside its container or namespace, in order: rename interfaces, set
 * sysctls (per-interface keys use the planned names), run commands, load nftRuleset
 * (`nft -f -`), apply netem, start services.
 */
export type NodePlan = {
  readonly interfaces: readonly PlannedInterface[];
  readonly sysctls: Readonly<Record<string, string>>;
  readonly commands: readonly (readonly string[])[];
  readonly nftRuleset: string | null;
  readonly services: readonly PlannedService[];
  readonly netem: PlannedNetem | null;
};
