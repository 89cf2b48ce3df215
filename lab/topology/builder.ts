import { ConfigError } from '../../applier/errors.js';
import { checkTopology } from './check-topology.js';
import type { Client, Isp, Lan, LanHost, Topology } from './types.js';

/** An ISP as the builder takes it: `bcp38` defaults to true. */
export type IspInput = Omit<Isp, 'bcp38'> & { readonly bcp38?: boolean };

/** A LAN as the builder takes it: hosts' `forwards` default to none. */
export type LanInput = Omit<Lan, 'hosts'> & {
  readonly hosts?: readonly (Omit<LanHost, 'forwards'> & { readonly forwards?: LanHost['forwards'] })[];
};

/** Typed topology builder; `build()` runs the loader's validation and throws ConfigError (without lines). */
export class TopologyBuilder {
  readonly #name: string;
  readonly #isps: Isp[] = [];
  readonly #clients: Client[] = [];
  readonly #lans: Lan[] = [];
  #defaultIsp: string | undefined;
  #extra: Partial<Pick<Topology, 'internet' | 'routerRpFilter'>> = {};

  constructor(name: string) {
    this.#name = name;
  }

  isp(input: IspInput): this {
    this.#isps.push({ ...input, bcp38: input.bcp38 ?? true });
    return this;
  }

  client(client: Client): this {
    this.#clients.push(client);
    return this;
  }

  /** Adds a LAN behind the router; call it again for each further LAN interface. */
  lan(input: LanInput): this {
    const hosts = (input.hosts ?? []).map((host) => ({ ...host, forwards: host.forwards ?? [] }));
    this.#lans.push({ ...input, hosts });
    return this;
  }

  /** The ISP of the router's main default route; the first ISP when never called. */
  defaultIsp(name: string): this {
    this.#defaultIsp = name;
    return this;
  }

  internet(prefixes: readonly string[]): this {
    this.#extra = { ...this.#extra, internet: { prefixes } };
    return this;
  }

  routerRpFilter(value: 0 | 1 | 2): this {
    this.#extra = { ...this.#extra, routerRpFilter: value };
    return this;
  }

  build(): Topology {
    const draft = {
      name: this.#name,
      defaultIsp: this.#defaultIsp ?? this.#isps[0]?.name ?? '',
      ...this.#extra,
      isps: this.#isps,
      clients: this.#clients,
      ...(this.#lans.length === 1 ? { lan: this.#lans[0] } : {}),
      ...(this.#lans.length > 1 ? { lans: this.#lans } : {}),
    };
    const { topology, issues } = checkTopology(draft);
    if (!topology) throw new ConfigError(`topology ${this.#name}`, issues, 'TOPOLOGY_INVALID');
    return topology;
  }
}

/** Starts a typed topology: `topology('t').isp({...}).client({...}).lan({...}).build()`. */
export function topology(name: string): TopologyBuilder {
  return new TopologyBuilder(name);
}
