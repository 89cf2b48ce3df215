import { labImage } from './test-support/lab-fixtures.js';
import { describeLabPrune } from './test-support/lab-prune-suite.js';

describeLabPrune('docker', async () => ({ image: await labImage() }));
