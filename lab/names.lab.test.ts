import { labImage } from './test-support/lab-fixtures.js';
import { describeLabNames } from './test-support/lab-names-suite.js';

describeLabNames('docker', async () => ({ image: await labImage() }));
