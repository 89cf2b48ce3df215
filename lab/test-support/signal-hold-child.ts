import { execa } from 'execa';
import { holdSignals } from '../runtime/signal-guard.js';

// What a command does before its lab exists: signals held, short-lived children started and
// reaped, their execa listeners added and removed. Prints "held", then "finished" after 10 s.
holdSignals();
process.stdout.write('held\n');
const end = Date.now() + 10_000;
while (Date.now() < end) await execa('true');
process.stdout.write('finished\n');
