/**
 * The lab as a library: `import { Lab, topology } from 'multihome/lab'`.
 *
 * A {@link Topology} (built with {@link topology}, loaded with {@link loadTopologyFile}, or the
 * article's {@link defaultTopology}) describes ISPs, one multi-homed router, remote clients and a
 * LAN; {@link Lab.up} starts it and gives a {@link StartedLab}: `exec`, the applier's `runner` for a
 * node, `observe` (which gateways carried the router's traffic, as {@link Evidence}), faults,
 * snapshots and `down`, on Docker containers or on network namespaces (`{ runtime: 'netns' }`: root,
 * no engine). The flow engine ({@link flowMatrix}, {@link runFlows}, {@link judgeFlows}) proves a fix on
 * it with both observations per flow. Docker's client library loads only when a lab first talks to the engine.
 *
 * @example
 * ```ts
 * import { applyHost, loadConfigFor } from 'multihome';
 * import { defaultTopology, Lab } from 'multihome/lab';
 * await using lab = await Lab.up(defaultTopology());
 * const router = lab.runner('router');
 * await applyHost(router, await loadConfigFor(router, 'multihome.yaml'));
 * console.log((await lab.exec('router', ['ip', 'rule'])).stdout);
 * ```
 *
 * @packageDocumentation
 */

export type { CheckItem, Need } from '../applier/doctor/check-item.js';
export type { ProbeContext } from '../applier/doctor/probe-context.js';
export { type EnsureImageOptions, ensureImage } from '../docker/ensure-image.js';
/** `--runtime docker|netns` and its resolution, for CLIs that start labs (multihome demo, test). */
export { resolveRuntime, runtimeOption, runtimeToProvision } from './cli/runtime-option.js';
export type { PruneReport } from './docker/prune-labs.js';
export { LabError, type LabErrorCode } from './errors.js';
export * from './flows/index.js';
export { Lab, type LabPruneReport, type LabUpOptions } from './lab.js';
export {
  type Evidence,
  type GatewayEvidence,
  type HeldLab,
  LAB_RUNTIMES,
  type LabFaults,
  type LabOptions,
  type LabRuntime,
  type LabSummary,
  type RouterSnapshot,
  type StartedLab,
} from './lab-types.js';
export { chooseRuntime, type RuntimeChoice } from './runtime/choose-runtime.js';
export { canRun, doctorItems } from './runtime/doctor.js';
export type { LabProbeContext } from './runtime/lab-checks.js';
/** For CLIs that start labs: hold SIGINT/SIGTERM from their first step, before the lab guards itself. */
export { holdSignals } from './runtime/signal-guard.js';
export { prepareRuntime } from './setup/prepare-runtime.js';
export { runSetup, type SetupOptions, type SetupReport } from './setup/run-setup.js';
export type { SetupRequest, SetupStep } from './setup/setup-plan.js';
export { type ApplierConfigOptions, applierConfigFor } from './topology/applier-config-for.js';
export { asciiDiagram } from './topology/ascii-diagram.js';
export { type IspInput, type LanInput, TopologyBuilder, topology } from './topology/builder.js';
export type { PathIssue } from './topology/check-issue.js';
export { defaultTopology } from './topology/default-topology.js';
export {
  evidenceCounterNames,
  evidenceDelta,
  type GatewayCounters,
  parseCounters,
} from './topology/evidence-counters.js';
export { type ConfigTopology, topologyFromConfig } from './topology/from-config.js';
export { lanGreeting } from './topology/lab-services.js';
export { type LanHostEntry, lanHostsOf, lansOf } from './topology/lans.js';
export {
  type ConfigLab,
  configLabFromText,
  labNameFor,
  loadConfigLab,
} from './topology/load-config-topology.js';
export { loadTopologyFile, parseTopology } from './topology/load-topology.js';
export { mermaid } from './topology/mermaid.js';
export { clientNode, ispNode, lanNode, ROUTER_NODE } from './topology/node-names.js';
export { parseConfigForRouter, routerHostFacts } from './topology/router-config.js';
export type { Client, Isp, Lan, LanHost, NodeName, Subnet, Topology } from './topology/types.js';
