import { MultihomeError } from '../applier/errors.js';

/**
 * The lab's error codes, a closed set of its own: the applier knows nothing of topologies, Docker
 * or images, so these live here and not in the applier's `ErrorCode`.
 */
export type LabErrorCode =
  | 'TOPOLOGY_INVALID'
  | 'DOCKER_UNAVAILABLE'
  | 'IMAGE_BUILD_FAILED'
  | 'LAB_FAILED'
  | 'RUNTIME_UNAVAILABLE'
  | 'HARNESS_FAILED'
  | 'TIMEOUT'
  | 'USAGE';

/** An error of the lab, its image build or the scenario harness; a `MultihomeError` with a lab code. */
export class LabError extends MultihomeError<LabErrorCode> {}
