import { describeFaults } from './test-support/fault-suite.js';
import { labImage } from './test-support/lab-fixtures.js';

describeFaults('docker', async () => ({ image: await labImage() }));
