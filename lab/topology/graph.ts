/** The topology's pictures and the applier config it implies, in one import. */
export { type ApplierConfigOptions, applierConfigFor, uplinkName } from './applier-config-for.js';
export { asciiDiagram } from './ascii-diagram.js';
export { mermaid } from './mermaid.js';
