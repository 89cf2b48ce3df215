// `multihome/lab`: the lab, its topologies, and the flow engine that proves a fix on it.
export * from './flows/index.js';
export { Lab, type LabUpOptions } from './lab.js';
export type { Evidence, GatewayEvidence, LabOptions, StartedLab } from './lab-types.js';
export { defaultTopology } from './topology/default-topology.js';
export { loadTopologyFile, parseTopology } from './topology/load-topology.js';
export type { Topology } from './topology/types.js';
