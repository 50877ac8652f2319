import * as fs from "node:fs";
import * as path from "node:path";
import { replaceDir, tempSibling, writeFileAtomic } from "../lib/util/fs";
import { acquireLock } from "../lib/util/lock";
import { BuildInterrupted, type BuildOptions, type BuildResult } from "./build-options";
import { carriedCheck } from "./metrics";
import { metricsFile, previousMetrics } from "./metrics-file";
import { writeNotebook } from "./notebook";
import { planNotebooks } from "./run/plan";
import { BuildProgress } from "./run/progress";
import { runAll } from "./run/run-all";

export { BuildInterrupted, DEFAULT_CELL_TIMEOUT, type BuildOptions, type BuildResult, type RenderStep } from "./build-options";

/**
 * `npm run report`: executes every selected notebook on its own kernel (from the cache when nothing
 * it depends on changed), collects the recorded values and provenance into metrics.json, renders,
 * and moves the whole output into place only when every notebook ran. A failed build writes to
 * `<out>.failed` and leaves the last good output as it was.
 */
export async function buildReport(o: BuildOptions): Promise<BuildResult> {
  const started = new Date();
  const stream = o.stream ?? process.stdout;
  const plan = planNotebooks(o);
  const progress = new BuildProgress(plan.map((p) => p.name), stream);
  const say = (line: string) => progress.say(line);
  const release = await acquireLock(`${o.out}.lock`, {
    say,
    signal: o.signal,
    waiting: (owner, file) =>
      `another build (process ${owner.pid}, since ${owner.started}) is writing the same output; waiting for it to finish (${file})`,
  });
  const tmp = tempSibling(o.out);
  try {
    const { finished, share } = await runAll(o, plan, progress, say);
    progress.close();
    if (o.signal?.aborted) throw new BuildInterrupted("interrupted: the kernels were stopped and nothing was written");
    const failures = finished.flatMap((f) => (f.error ? [f.error] : []));
    const metrics = metricsFile(o, finished, started, share, say);
    const check = carriedCheck(previousMetrics(o.out), metrics);
    if (check) metrics.check = check;
    const rendered = (await o.render?.(tmp, finished.map((f) => f.notebook), metrics, say)) ?? [];
    fs.mkdirSync(path.join(tmp, "notebooks"));
    for (const f of finished) writeNotebook(path.join(tmp, "notebooks", `${f.entry.name}.ipynb`), f.notebook);
    writeFileAtomic(path.join(tmp, "metrics.json"), JSON.stringify(metrics, null, 1) + "\n");
    const files = ["notebooks/", "metrics.json", ...rendered];
    const dir = failures.length ? `${o.out}.failed` : o.out;
    fs.chmodSync(tmp, 0o755);
    replaceDir(tmp, dir);
    if (!failures.length) fs.rmSync(`${o.out}.failed`, { recursive: true, force: true });
    const cached = finished.filter((f) => f.cached).map((f) => f.entry.name);
    const seconds = (Date.now() - started.getTime()) / 1000;
    return { ok: !failures.length, dir, files, notebooks: plan.map((p) => p.name), cached, failures, seconds };
  } finally {
    progress.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    release();
  }
}
