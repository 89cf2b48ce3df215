import { describeFaults } from '../test-support/fault-suite.js';

describeFaults('netns', async () => ({}));
