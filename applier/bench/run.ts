import { renderReport, TARGET_UPLINKS } from './report.js';
import { live, runArticleWay, runMultihome, runStartup } from './scenarios.js';

// Times `multihome apply` against the article's one-process-per-command way, in throwaway namespaces.
const reps = Number(process.env.MULTIHOME_BENCH_REPS ?? 5);
const sizes = [3, TARGET_UPLINKS];

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.allSettled([...live].map((ns) => ns.dispose())).then(() => process.exit(130));
  });
}

const apply: Record<number, number[]> = {};
const article: Record<number, number[]> = {};
const noopPlan: number[] = [];
const noopChanges: number[] = [];
const startup: number[] = [];
try {
  for (const n of sizes) {
    apply[n] = [];
    article[n] = [];
    for (let rep = 0; rep < reps; rep += 1) {
      const run = await runMultihome(n);
      apply[n].push(run.apply);
      if (n === TARGET_UPLINKS) {
        noopPlan.push(run.noopPlan);
        noopChanges.push(run.noopChanges);
      }
      article[n].push(await runArticleWay(n));
      if (n === TARGET_UPLINKS) startup.push(await runStartup());
      process.stderr.write(`bench: ${n} uplinks, rep ${rep + 1}/${reps} done\n`);
    }
  }
  process.stdout.write(
    `\n## Applier benchmark\n\n${renderReport({ reps, apply, article, noopPlan, noopChanges, startup })}\n\n`,
  );
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await Promise.allSettled([...live].map((ns) => ns.dispose()));
}
