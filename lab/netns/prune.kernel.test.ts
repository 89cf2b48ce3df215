import { describeLabPrune } from '../test-support/lab-prune-suite.js';

describeLabPrune('netns', async () => ({}));
