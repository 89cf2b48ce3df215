import type { FlowFamily, FlowProtocol, NodeName } from '../topology/types.js';

/** The kinds of exchange the lab proves, one per row of the tables (`forward`: a port forward to the LAN). */
export type Protocol = FlowProtocol;

/** An address family as the JSON report names it. */
export type Family = FlowFamily;

/** What a phase expects of one flow: answered or not, and which uplink's gateway carried it (unchecked when absent). */
export type Expected = {
  readonly ok: boolean;
  /** An ISP name, `null` for "no gateway saw it"; absent: not checked. */
  readonly replyVia?: string | null;
};

/**
 * One flow's outcome, the public JSON shape (`demo --json`, `multihome test --json`, `lab flows --json`).
 * `uplink`, `protocol`, `ok` and `replyVia` keep the demo's meaning; outbound flows add `from` and `to`.
 */
export type Flow = {
  readonly uplink: string;
  readonly protocol: Protocol;
  readonly family: Family;
  readonly ok: boolean;
  /** The ISP whose gateway the router's packet reached (forwarded or dropped there), `a+b` for several, or null. */
  readonly replyVia: string | null;
  /** Outbound flows only: the sending node (`router` or `lan:<host>`). */
  readonly from?: NodeName;
  /** Outbound flows: the client pinged; `forward` flows: the LAN host (`lan:<host>`) the forward leads to. */
  readonly to?: NodeName;
  /** `forward` flows only: the port forwarded on the uplink address, and its transport. */
  readonly port?: number;
  readonly transport?: 'tcp' | 'udp';
};

/** A flow judged against its phase's expectation. */
export type JudgedFlow = Flow & { readonly expected: Expected; readonly pass: boolean };

/** What to send: from which node, to which address and port, for which uplink. */
export type FlowSpec = {
  readonly uplink: string;
  readonly protocol: Protocol;
  readonly family: 4 | 6;
  /** The sending node: a client for inbound flows, `router` or `lan:<host>` for outbound ones. */
  readonly client: NodeName;
  readonly target: string;
  /** The client-side address the gateways see as the flow's far end (the client's, or the target's outbound). */
  readonly peer: string;
  readonly port?: number;
  /** For `forward`: the LAN host whose greeting proves the forward reached it. */
  readonly lanHost?: string;
  /** For `forward`: the forwarded transport (the probe speaks it). */
  readonly transport?: 'tcp' | 'udp';
  /**
   * Outbound flows: the client node pinged, the router address to send from (`ping -I`), and the index
   * of the topology's `expect:` entry that declared the flow.
   */
  readonly outbound?: { readonly to: NodeName; readonly source?: string; readonly entry: number };
};

/** Packets of one flow one gateway saw from the router's side: forwarded, or dropped as spoofed (BCP38). */
export type GatewayCount = { readonly isp: string; readonly forwarded: number; readonly spoofed: number };

/** Both observations of one flow: the client's exchange and the gateways that carried it. */
export type FlowEvidence = {
  /** The client's exit status and output, trimmed (or why it was not waited for). */
  readonly client: string;
  /** Per gateway, only the packets of this flow (matched by its addresses and client port or ICMP id). */
  readonly gateways: readonly GatewayCount[];
  /** What decided the verdict: the client's answer, a drop seen at a gateway, or the probe's timeout. */
  readonly decidedBy: 'answer' | 'drop' | 'timeout';
  readonly ms: number;
};

/** A flow's outcome plus its spec and evidence, what the tables and JUnit failures print. */
export type FlowRun = Flow & { readonly spec: FlowSpec; readonly evidence: FlowEvidence };

/** What a flow's row names beside its uplink: `forward tcp/8081→lan:web`, or just the protocol. */
export function protocolLabel(flow: Flow): string {
  if (flow.protocol !== 'forward' || flow.to === undefined) return flow.protocol;
  return `forward ${flow.transport ?? 'tcp'}/${flow.port ?? '?'}→${flow.to}`;
}

/** `ipv4` / `ipv6` for a numeric family. */
export function familyName(family: 4 | 6): Family {
  return family === 4 ? 'ipv4' : 'ipv6';
}

/** Strips a run down to the public JSON shape. */
export function toFlow(run: FlowRun): Flow {
  return {
    uplink: run.uplink,
    protocol: run.protocol,
    family: run.family,
    ok: run.ok,
    replyVia: run.replyVia,
    ...(run.from === undefined ? {} : { from: run.from }),
    ...(run.to === undefined ? {} : { to: run.to }),
    ...(run.port === undefined ? {} : { port: run.port }),
    ...(run.transport === undefined ? {} : { transport: run.transport }),
  };
}

/** `isp1:3 isp2:0(1 dropped)`: the gateway observation in one line, for tables and JUnit failures. */
export function describeGateways(gateways: readonly GatewayCount[]): string {
  return gateways
    .map((g) => `${g.isp}:${g.forwarded}${g.spoofed > 0 ? `(${g.spoofed} dropped)` : ''}`)
    .join(' ');
}
