// Child process for the hygiene tests: brings a lab up (on the runtime in argv[4]) under the name in argv[2], says "up" on stdout,
// and holds it until killed. The tests SIGKILL it (a crash) or SIGINT it (mid-up or while holding).
import { Lab } from '../lab.js';
import { defaultTopology } from '../topology/default-topology.js';

const [name, image, runtime = 'docker'] = process.argv.slice(2);
if (name === undefined || image === undefined) {
  throw new Error('usage: hold-lab-child <name> <image|-> [docker|netns]');
}
const lab = await Lab.up(defaultTopology(), {
  name,
  runtime: runtime === 'netns' ? 'netns' : 'docker',
  ...(runtime === 'netns' ? {} : { image }),
  capture: false,
  onProgress: (step) => process.stdout.write(`step ${step}\n`),
});
process.stdout.write(`up ${lab.name}\n`);
setInterval(() => {}, 60_000);
