import type { NodeName } from '../../lab/index.js';

/** The four kinds of inbound exchange the lab proves, one per row of the tables. */
export type Protocol = 'icmp' | 'tcp' | 'udp' | 'forward';

/** One flow's outcome as the demo prints and `--json` emits it. */
export type Flow = {
  readonly uplink: string;
  readonly protocol: Protocol;
  readonly ok: boolean;
  /** The ISP whose gateway the router's reply reached (forwarded or dropped there), or null. */
  readonly replyVia: string | null;
};

/** What to send: from which client, to which router address and port, for which uplink. */
export type FlowSpec = {
  readonly uplink: string;
  readonly protocol: Protocol;
  readonly family: 4 | 6;
  readonly client: NodeName;
  readonly target: string;
  readonly port?: number;
  /** For `forward`: the LAN host whose greeting proves the forward reached it. */
  readonly lanHost?: string;
};

/** A flow's outcome plus what the scenarios need to explain a failure. */
export type FlowRun = Flow & {
  readonly spec: FlowSpec;
  /** The client's output or error, trimmed, for the failure table. */
  readonly detail: string;
  /** Per-gateway packet counts from the router in the flow's window, `isp1:3 isp2:0(dropped 1)`. */
  readonly gateways: string;
};

/** Strips a run down to the public JSON shape. */
export function toFlow(run: FlowRun): Flow {
  return { uplink: run.uplink, protocol: run.protocol, ok: run.ok, replyVia: run.replyVia };
}
