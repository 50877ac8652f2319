import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UsageError } from "../../lib/cli/args";
import type { Profile } from "../../lib/notebook/profile";
import { replaceDir, tempSibling, writeFileAtomic } from "../../lib/util/fs";
import { acquireLock } from "../../lib/util/lock";
import { buildReport, type BuildOptions, type RenderStep } from "../build";
import { setArguments, type CheckSummary, type MetricsFile } from "../metrics";
import { readNotebook } from "../notebook";
import { checkPassed, compareMetrics, type CheckRow } from "./compare";
import { checkLine, checkSummary, checkTables } from "./table";

/** Options of {@link checkReport}. */
export interface CheckOptions extends Pick<BuildOptions, "root" | "notebooks" | "jobs" | "cellTimeout" | "signal" | "stream"> {
  /** The report to check: its metrics.json is the "before", and the check is written into it. */
  report: string;
  /** Must match the report's profile when given. */
  profile?: Profile;
  only?: string[];
  /** Default: the backend the report asked for. */
  backend?: string;
  /** Re-renders the checked report so its cover shows the check. */
  render?: RenderStep;
}

/** What a check found. */
export interface CheckResult {
  passed: boolean;
  rows: CheckRow[];
  sameBackend: boolean;
  /** The table per notebook and the summary line, as printed. */
  text: string;
  line: string;
  /** False when a notebook failed to run: nothing was compared. */
  ran: boolean;
}

/** Reads a report's metrics.json; a missing or broken one is a one-line {@link UsageError}. */
export function readMetrics(dir: string): MetricsFile {
  const file = path.join(dir, "metrics.json");
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as MetricsFile;
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === "ENOENT"
      ? "not found (build the report first, or pass --against DIR)"
      : `unreadable (${(e as Error).message.split("\n")[0]})`;
    throw new UsageError(`${file}: ${why}`);
  }
}

/**
 * `npm run report -- --check`: re-executes the report's notebooks from scratch (no notebook cache,
 * every checkpoint retrained into a temporary folder, the real ones untouched) with the report's own
 * profile, parameters, jobs and cores per kernel (its ETA and schedule going by the report's cell
 * timings), compares every recorded value, and writes the result, with the models the rerun
 * trained, into the report (metrics.json, and its cover when a render step is given).
 */
export async function checkReport(o: CheckOptions): Promise<CheckResult> {
  const before = readMetrics(o.report);
  const p = before.provenance;
  if (o.profile && o.profile !== p.profile) {
    throw new UsageError(`--profile ${o.profile}, but ${o.report} was built with --profile ${p.profile}`);
  }
  const only = o.only ?? Object.keys(before.notebooks);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "vae-lab-check-"));
  try {
    const build = await buildReport({
      root: o.root, notebooks: o.notebooks, out: path.join(scratch, "out"), profile: p.profile as Profile, only,
      set: setArguments(p), cache: false,
      jobs: o.jobs ?? p.jobs, coresPerKernel: p.coresPerKernel,
      backend: o.backend ?? (p.backend.requested === "auto" ? undefined : p.backend.requested), cellTimeout: o.cellTimeout,
      env: { VAE_LAB_CHECKPOINTS: path.join(scratch, "checkpoints"), VAE_LAB_RETRAIN: "0" }, cacheDir: path.join(scratch, "cache"),
      timingsFrom: path.join(o.report, "notebooks"), signal: o.signal, stream: o.stream,
    });
    if (!build.ok) {
      const text = build.failures.map((f) => `${f.message}\n${f.details}`).join("\n");
      const names = build.failures.map((f) => f.notebook.metadata.vae_lab?.name ?? "?").join(", ");
      const failed = `${build.failures.length} of ${build.notebooks.length} notebooks did not run (${names})`;
      const line = `check failed: ${failed}; nothing was compared and the report is as it was`;
      return { passed: false, rows: [], sameBackend: false, text, line, ran: false };
    }
    const after = readMetrics(build.dir);
    const { rows, sameBackend } = compareMetrics(before, after);
    const date = new Date(after.provenance.started);
    const backend = after.provenance.backend.description;
    const summary = checkSummary(rows, { sameBackend, backend, profile: p.profile, date, models: rerunModels(after) });
    await writeCheck(o, { ...before, check: summary });
    return { passed: checkPassed(rows), rows, sameBackend, text: checkTables(rows, sameBackend), line: checkLine(summary), ran: true };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Distinct checkpoints the rerun trained, and those it loaded without training them itself. */
function rerunModels(after: MetricsFile): NonNullable<CheckSummary["models"]> {
  const runs = Object.values(after.notebooks).flatMap((n) => n.kernel?.checkpoints ?? []);
  const trained = new Set(runs.filter((c) => !c.loaded).map((c) => c.id));
  return { retrained: trained.size, loaded: new Set(runs.filter((c) => !trained.has(c.id)).map((c) => c.id)).size };
}

/** Writes the check into the report folder: a copy gets the new metrics.json (and a fresh render), then replaces it. */
async function writeCheck(o: CheckOptions, metrics: MetricsFile): Promise<void> {
  const release = await acquireLock(`${o.report}.lock`, { signal: o.signal });
  const tmp = tempSibling(o.report);
  try {
    fs.cpSync(o.report, tmp, { recursive: true });
    writeFileAtomic(path.join(tmp, "metrics.json"), JSON.stringify(metrics, null, 1) + "\n");
    if (o.render) {
      const notebooks = Object.keys(metrics.notebooks).map((n) => readNotebook(path.join(tmp, "notebooks", `${n}.ipynb`)));
      await o.render(tmp, notebooks, metrics, (line) => o.stream?.write(`${line}\n`));
    }
    fs.chmodSync(tmp, 0o755);
    replaceDir(tmp, o.report);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    release();
  }
}
