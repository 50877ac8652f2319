import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

/** Presets with a PyTorch peer in bench/torch_vae.py. */
export const TORCH_MODELS: readonly string[] = ["dense-vae-2d", "conv-vae-2d"];

/** One PyTorch run, as bench/torch_vae.py prints it. */
export interface TorchResult {
  samplesPerSecond: number;
  msPerStep: number;
  cpuMsPerStep: number;
  windowsMs: number[];
  torch: string;
  threads: number;
  /** `cpu`, or `cuda (GPU name)` when torch saw a GPU (the peer then runs there). */
  device: string;
  /** The BLAS torch mapped, e.g. `openblas-openmp/libopenblasp-r0.3.21.so (Zen)` with OpenBLAS's kernel family. */
  blas: string;
  cpuSeconds: number;
  wallSeconds: number;
}

const TRIPLES: Record<string, string> = { x64: "x86_64-linux-gnu", arm64: "aarch64-linux-gnu" };

/**
 * The environment of the PyTorch run: one thread for OpenMP and OpenBLAS (with a second thread
 * spinning while the other core is busy, a step was 12-23x slower), and Debian's OpenMP OpenBLAS
 * ahead of the reference BLAS that python3-torch links by default. `OPENBLAS_CORETYPE` passes
 * through: set it where OpenBLAS 0.3.21 does not recognise the CPU (Zen on AMD without AVX-512,
 * SkylakeX on Intel with it).
 */
export function torchEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const dir = path.join("/usr/lib", TRIPLES[process.arch] ?? "", "openblas-openmp");
  const libPath = fs.existsSync(dir) ? [dir, env.LD_LIBRARY_PATH].filter(Boolean).join(":") : env.LD_LIBRARY_PATH;
  return { ...env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", ...(libPath ? { LD_LIBRARY_PATH: libPath } : {}) };
}

/** The Python with torch: `VAE_LAB_TORCH_PYTHON`, else Debian's /usr/bin/python3 (python3-torch), else python3. */
export function torchPython(env: NodeJS.ProcessEnv = process.env): string {
  return env.VAE_LAB_TORCH_PYTHON ?? (fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
}

/**
 * Runs bench/torch_vae.py for `model`, on the GPU when torch sees one (`--device auto`), else on one
 * CPU thread; throws one line when Python or torch is missing.
 */
export function benchTorch(model: string, o: { batchSize: number; steps: number; windows: number; warmup: number }): TorchResult {
  const script = path.join(__dirname, "..", "..", "bench", "torch_vae.py");
  const args = [
    script,
    "--model", model,
    "--batch-size", String(o.batchSize),
    "--steps", String(o.steps),
    "--windows", String(o.windows),
    "--warmup", String(o.warmup),
    "--device", "auto",
  ];
  const r = spawnSync(torchPython(), args, { encoding: "utf8", env: torchEnv() });
  if (r.error) throw new Error(`PyTorch peer cannot start ${torchPython()}: ${r.error.message} (set VAE_LAB_TORCH_PYTHON)`);
  if (r.status !== 0) {
    const last = (r.stderr || "").trim().split("\n").pop();
    throw new Error(`PyTorch peer of ${model} failed: ${last} (apt-get install python3-torch libopenblas0-openmp)`);
  }
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as TorchResult;
}
