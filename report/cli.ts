#!/usr/bin/env node
/**
 * `npm run report [-- options]`: executes every notebook headless on VAE Lab's kernel and writes the
 * report (see `usage`). Exit codes: 0 built, 1 a notebook failed, 2 a usage error, 130/143 stopped.
 */
import * as path from "node:path";
import { formatDuration } from "../lib/display/terminal";
import { parseArgs, UsageError } from "../lib/cli/args";
import { BACKENDS } from "../lib/backend/loaders";
import { PROFILES, type Profile } from "../lib/notebook/profile";
import { projectRoot } from "../lib/util/fs";
import { BuildInterrupted, buildReport, type BuildResult } from "./build";
import { ParameterError } from "./run/parameters";
import { renderStep } from "./render-step";
import { bundleDefaults, bundleMode, checkMode, unpackMode } from "./modes";

const SPEC = {
  profile: { kind: "string", choices: PROFILES },
  only: { kind: "string" },
  set: { kind: "strings" },
  "no-cache": { kind: "flag" },
  jobs: { kind: "int", min: 1 },
  "timeout-cell": { kind: "number", positive: false },
  backend: { kind: "string", choices: ["auto", ...BACKENDS] },
  out: { kind: "string" },
  notebooks: { kind: "string" },
  "no-pdf": { kind: "flag" },
  check: { kind: "flag" },
  against: { kind: "string" },
  bundle: { kind: "string" },
  unpack: { kind: "string" },
  help: { kind: "flag" },
} as const;

const USAGE = `usage: npm run report [-- --profile smoke|quick|full] [--only 01,03] [--set key=value ...]
       [--no-cache] [--jobs N] [--timeout-cell S] [--backend auto|${BACKENDS.join("|")}] [--out DIR] [--no-pdf] [--notebooks DIR]
       [--bundle FILE]
   or: npm run report -- --check [--profile P] [--only 01,03] [--against DIR] [--bundle FILE]
   or: npm run report -- --unpack FILE [--out DIR]`;

async function main(argv: string[]): Promise<number> {
  const a = parseArgs(argv, SPEC as never);
  if (a.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const timeout = a["timeout-cell"] as number | undefined;
  if (timeout !== undefined && timeout < 0) throw new UsageError(`invalid --timeout-cell: ${timeout} (seconds >= 0; 0 means no limit)`);
  const root = projectRoot();
  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals = "SIGINT";
  const code = () => (stoppedBy === "SIGINT" ? 130 : 143);
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      if (controller.signal.aborted) process.exit(code());
      stoppedBy = sig;
      process.stderr.write(`\nreport: ${sig}: stopping the kernels (again to quit at once)\n`);
      controller.abort();
      setTimeout(() => process.exit(code()), 15000).unref();
    });
  }
  const out = path.resolve((a.out as string | undefined) ?? path.join(root, "report", "out"));
  if (a.against && !a.check) throw new UsageError("--against DIR goes with --check");
  if (a.unpack) return unpackMode(String(a.unpack), out);
  const notebooks = path.resolve((a.notebooks as string | undefined) ?? path.join(root, "notebooks"));
  const only = a.only ? String(a.only).split(",").map((s) => s.trim()).filter(Boolean) : undefined;
  try {
    if (a.check) {
      const report = path.resolve((a.against as string | undefined) ?? out);
      const passed = await checkMode({
        root, notebooks, report, only, profile: a.profile as Profile | undefined, jobs: a.jobs as number | undefined, cellTimeout: timeout,
        backend: a.backend && a.backend !== "auto" ? String(a.backend) : undefined,
        render: renderStep({ pdf: !a["no-pdf"], root }),
        signal: controller.signal,
      });
      if (a.bundle && passed) bundleMode(report, root, String(a.bundle));
      else if (a.bundle) process.stderr.write(`report: ${a.bundle} not written: a bundle is made only after a check that passes\n`);
      return passed ? 0 : 1;
    }
    const inherited = a.bundle && a.profile === undefined ? bundleDefaults(out) : undefined;
    if (inherited) {
      const set = a.set ? "" : inherited.set.length ? ` and its --set ${inherited.set.join(" ")}` : "";
      const folder = path.relative(process.cwd(), out) || out;
      process.stdout.write(`report: --bundle: rebuilding ${folder}/ at its own profile, ${inherited.profile}${set}\n`);
    }
    const result = await buildReport({
      root,
      notebooks,
      out,
      profile: (a.profile as Profile | undefined) ?? inherited?.profile ?? "quick",
      only,
      set: (a.set as string[] | undefined) ?? inherited?.set ?? [],
      cache: !a["no-cache"],
      jobs: a.jobs as number | undefined,
      cellTimeout: timeout,
      backend: a.backend && a.backend !== "auto" ? String(a.backend) : undefined,
      render: renderStep({ pdf: !a["no-pdf"], root }),
      signal: controller.signal,
    });
    summarise(result);
    if (result.ok && a.bundle) bundleMode(out, root, String(a.bundle));
    return result.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof BuildInterrupted || controller.signal.aborted) {
      process.stderr.write(`report: stopped; no kernel is left running and ${path.relative(process.cwd(), out) || out} is as it was\n`);
      return code();
    }
    throw e;
  }
}

function summarise(r: BuildResult): void {
  const rel = (p: string) => path.relative(process.cwd(), p) || p;
  for (const f of r.failures) process.stderr.write(`\n${f.message}\n${f.details}\n`);
  const cached = r.cached.length ? `; from the cache: ${r.cached.join(", ")}` : "; none from the cache";
  const files = r.files.filter((f) => !f.endsWith("/"));
  const documents = files.filter((f) => /\.(html|pdf)$/.test(f));
  const listed = [...documents, ...files.filter((f) => !documents.includes(f))].join(", ");
  const what = `${listed}, ${r.notebooks.length} executed notebook${r.notebooks.length === 1 ? "" : "s"}`;
  if (r.ok) {
    process.stdout.write(`report: wrote ${rel(r.dir)}/ (${what}) in ${formatDuration(r.seconds)}${cached}\n`);
    return;
  }
  const names = r.failures.map((f) => f.notebook.metadata.vae_lab?.name ?? "?").join(", ");
  process.stderr.write(
    `\nreport: ${r.failures.length} of ${r.notebooks.length} notebooks failed (${names}) in ${formatDuration(r.seconds)}; ` +
      `the last good report is untouched; this run's output, partial notebooks included, is in ${rel(r.dir)}/${cached}\n`,
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    const usage = e instanceof UsageError || e instanceof ParameterError;
    if (e instanceof BuildInterrupted) process.exit(130);
    process.stderr.write(`report: ${e instanceof Error ? e.message : String(e)}\n`);
    if (!usage && process.env.VAE_LAB_DEBUG) process.stderr.write(`${e.stack}\n`);
    process.exit(usage ? 2 : 1);
  },
);
