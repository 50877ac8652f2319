#!/usr/bin/env node
import { spawnSync } from "node:child_process";
import { backendInfo, BACKENDS, describeBackend, initBackend } from "../lib/backend";
import { parseArgs, UsageError } from "../lib/cli/args";
import { blasKernelSetting, type BlasKernelSetting } from "../lib/backend/wasm/blas-kernels";
import { presets, preset } from "../lib/train/presets";
import { parseWorkers, Workers } from "../lib/train/workers";
import { writeFileAtomic } from "../lib/util/fs";
import { machineBusySeconds, machineInfo, otherLoad } from "./machine";
import { benchModel, BenchResult } from "./run-model";
import { benchTorch, TORCH_MODELS, TorchResult } from "./torch";

const SPEC = {
  models: { kind: "string" },
  "batch-size": { kind: "int", min: 1 },
  steps: { kind: "int", min: 1 },
  windows: { kind: "int", min: 1 },
  warmup: { kind: "int", min: 0 },
  workers: { kind: "string" },
  backend: { kind: "string", choices: ["auto", ...BACKENDS] },
  json: { kind: "string" },
  torch: { kind: "flag" },
  rounds: { kind: "int", min: 1 },
  kernels: { kind: "string" },
  child: { kind: "string" },
  help: { kind: "flag" },
} as const;

const USAGE =
  "usage: npm run bench -- [--models a,b] [--batch-size 128] [--steps 10] [--windows 5] [--warmup 3] [--workers 1|2|auto]" +
  " [--backend wasm] [--torch] [--rounds 1] [--kernels portable,native] [--json FILE]";

async function main(argv: string[]): Promise<void> {
  const a = parseArgs(argv, SPEC);
  if (a.help) return void console.log(USAGE);
  const options = {
    batchSize: (a["batch-size"] as number) ?? 128,
    steps: (a.steps as number) ?? 10,
    windows: (a.windows as number) ?? 5,
    warmup: (a.warmup as number) ?? 3,
    workers: workersOption(a.workers),
  };
  const backend = ((a.backend as string) ?? "auto") as "auto";
  if (a.torch && !(a.models ? String(a.models).split(",") : []).some((m) => TORCH_MODELS.includes(m))) {
    throw new UsageError(`--torch needs --models with ${TORCH_MODELS.join(" or ")} (the presets with a PyTorch peer)`);
  }
  if (a.child) {
    await initBackend({ backend, quiet: true });
    const t0 = performance.now();
    const result = await benchModel(String(a.child), options);
    const cpu = process.cpuUsage();
    const blas = backendInfo()?.blas;
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return void console.log(JSON.stringify({ ...result, blas, cpuSeconds, wallSeconds: (performance.now() - t0) / 1000 }));
  }
  const names = a.models ? String(a.models).split(",") : presets().map((p) => p.name);
  names.forEach((n) => {
    try {
      preset(n);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  });
  const info = await initBackend({ backend, quiet: true });
  const machine = machineInfo();
  const skipped = info.skipped.length ? ` (skipped ${info.skipped.map((s) => s.name).join(", ")})` : "";
  console.log(
    `${machine.cpu}, ${machine.cores} cores, ${describeBackend(info)}${skipped}, batch ${options.batchSize}, workers ${options.workers}, ` +
      `median of ${options.windows} windows of ${options.steps} steps after ${options.warmup} warm-up`,
  );
  const head = [
    "model".padEnd(26),
    "workers".padStart(7),
    "img/s".padStart(9),
    "ms/step".padStart(9),
    "CPU ms".padStart(8),
    "GFLOP/s".padStart(8),
  ];
  const tail = ["RSS MiB".padStart(8), "other load".padStart(11), "kernels reads (in kernels) uploads /step".padStart(41)];
  console.log([...head, ...tail].join(" "));
  const results: Row[] = [];
  const rounds = (a.rounds as number) ?? 1;
  const kernels = kernelsOption(a.kernels);
  for (const name of names) {
    const rows: Row[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const k of kernels) {
        const row: Row = { ...oursLine(name, options, info.name, k), round, ...(k ? { kernels: k } : {}) };
        if (a.torch && TORCH_MODELS.includes(name)) row.torch = torchLine(name, options, row);
        rows.push(row);
      }
    }
    if (kernels.length > 1) kernelsLine(name, rows, kernels as BlasKernelSetting[]);
    else if (rounds > 1) summaryLine(name, rows);
    results.push(...rows);
  }
  const loads = results.flatMap((r) => [r.otherCoresBusy, ...(r.torch ? [r.torch.otherCoresBusy] : [])]);
  const busiest = Math.max(...loads);
  const caveat = busiest > 0.3 ? " (numbers are lower than on an idle machine)" : "";
  console.log(`other processes kept up to ${busiest.toFixed(2)} cores busy during the runs${caveat}`);
  if (a.json) {
    const out = { machine, backend: describeBackend(info), kernelOverrides: info.kernelOverrides, options, results };
    writeFileAtomic(String(a.json), JSON.stringify(out, null, 2) + "\n");
  }
}

type Row = BenchResult & {
  otherCoresBusy: number;
  round: number;
  blas?: string;
  kernels?: BlasKernelSetting;
  torch?: TorchResult & { otherCoresBusy: number };
};
type Options = { batchSize: number; steps: number; windows: number; warmup: number; workers: Workers };

/**
 * Benches `name` in a child process (a fresh heap per model) and prints its line; with `kernels`, the
 * child runs its GEMMs on that choice (VAE_LAB_BLAS_KERNELS; `native` honours OPENBLAS_CORETYPE).
 */
function oursLine(name: string, options: Options, backend: string, kernels?: BlasKernelSetting): Omit<Row, "round"> {
  const busy0 = machineBusySeconds();
  const t0 = performance.now();
  const childArgs = Object.entries(options).flatMap(([k, v]) => [`--${k === "batchSize" ? "batch-size" : k}`, String(v)]);
  const env = kernels ? { ...process.env, VAE_LAB_BLAS_KERNELS: kernels } : process.env;
  const r = spawnSync(process.execPath, [__filename, "--child", name, ...childArgs, "--backend", backend], { encoding: "utf8", env });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`bench of ${name} failed: ${(r.stderr || "").trim().split("\n").pop()}`);
  const res = JSON.parse(r.stdout.trim().split("\n").pop()!);
  const load = Math.round(otherLoad(busy0, machineBusySeconds(), res.cpuSeconds, wall) * 100) / 100;
  const label = kernels ? `${name} ${/\((\w+)[, ]/.exec(res.blas ?? "")?.[1] ?? kernels}` : name;
  const cells = [
    label.padEnd(26),
    String(res.workers).padStart(7),
    res.samplesPerSecond.toFixed(0).padStart(9),
    res.msPerStep.toFixed(1).padStart(9),
    res.cpuMsPerStep.toFixed(1).padStart(8),
    res.gflopPerSecond.toFixed(2).padStart(8),
    res.peakRssMiB.toFixed(0).padStart(8),
    `${load.toFixed(2)} cores`.padStart(11),
    trafficText(res.perStep).padStart(41),
  ];
  console.log(cells.join(" "));
  return { ...res, otherCoresBusy: load };
}

/** The median of an odd count, the lower middle value of an even one. */
const lowerMedian = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor((xs.length - 1) / 2)];

/** One line of medians over the rounds of `name`, with the ratio to PyTorch when it ran. */
function summaryLine(name: string, rows: Row[]): void {
  const ours = lowerMedian(rows.map((r) => r.samplesPerSecond));
  const peer = rows.every((r) => r.torch) ? lowerMedian(rows.map((r) => r.torch!.samplesPerSecond)) : undefined;
  const ratios = rows.map((r) => (r.torch ? (r.samplesPerSecond / r.torch.samplesPerSecond).toFixed(2) : "")).filter(Boolean);
  const vs = peer ? `, PyTorch ${peer.toFixed(0)} img/s: ${(ours / peer).toFixed(2)}x (rounds: ${ratios.join(", ")})` : "";
  console.log(`  ${name}: median of ${rows.length} rounds ${ours.toFixed(0)} img/s${vs}`);
}

/** Medians per kernel choice over the rounds of `name`, and the first choice's speed relative to the second's. */
function kernelsLine(name: string, rows: Row[], kernels: BlasKernelSetting[]): void {
  const speed = kernels.map((k) => lowerMedian(rows.filter((r) => r.kernels === k).map((r) => r.samplesPerSecond)));
  const rounds = [...new Set(rows.map((r) => r.round))];
  const ratios = rounds.map((n) => {
    const [a, b] = kernels.map((k) => rows.find((r) => r.round === n && r.kernels === k)!.samplesPerSecond);
    return (a / b).toFixed(2);
  });
  const parts = kernels.map((k, i) => `${k} ${speed[i].toFixed(0)} img/s`).join(", ");
  const ratio = `${kernels[0]} / ${kernels[1]}: ${(speed[0] / speed[1]).toFixed(2)}x (rounds: ${ratios.join(", ")})`;
  console.log(`  ${name}: medians of ${rounds.length} rounds: ${parts}; ${ratio}`);
}

function kernelsOption(raw: unknown): (BlasKernelSetting | undefined)[] {
  if (raw === undefined) return [undefined];
  const list = String(raw).split(",");
  try {
    list.forEach((k) => blasKernelSetting({ VAE_LAB_BLAS_KERNELS: k }));
  } catch (e) {
    throw new UsageError((e as Error).message.replace("VAE_LAB_BLAS_KERNELS", "--kernels"));
  }
  if (list.length !== 2 || list[0] === list[1]) {
    throw new UsageError(`invalid --kernels: ${raw} (two different choices, e.g. portable,native)`);
  }
  return list as BlasKernelSetting[];
}

/** Runs the PyTorch peer of `name` and prints it under VAE Lab's line with both ratios. */
function torchLine(name: string, options: Options, ours: BenchResult): TorchResult & { otherCoresBusy: number } {
  const busy0 = machineBusySeconds();
  const t0 = performance.now();
  const t = benchTorch(name, options);
  const load = Math.round(otherLoad(busy0, machineBusySeconds(), t.cpuSeconds, (performance.now() - t0) / 1000) * 100) / 100;
  const label = `  PyTorch ${t.torch}, ${t.device === "cpu" ? `${t.threads} thread` : t.device}`;
  const ratio =
    `VAE Lab / PyTorch: ${(ours.samplesPerSecond / t.samplesPerSecond).toFixed(2)}x wall, ` +
    `${(t.cpuMsPerStep / ours.cpuMsPerStep).toFixed(2)}x CPU (${t.blas})`;
  const cells = [
    label.padEnd(34),
    t.samplesPerSecond.toFixed(0).padStart(9),
    t.msPerStep.toFixed(1).padStart(9),
    t.cpuMsPerStep.toFixed(1).padStart(8),
    "".padStart(17),
    `${load.toFixed(2)} cores`.padStart(11),
    ` ${ratio}`,
  ];
  console.log(cells.join(" "));
  return { ...t, otherCoresBusy: load };
}

/**
 * Kernels, reads (those inside kernels in brackets) and uploads per step, e.g. `158 0.02 (2.00) 11.00`
 * (absent from the workers' route, which counts only this thread).
 */
function trafficText(t: BenchResult["perStep"] | undefined): string {
  return t ? `${t.kernels.toFixed(0)} ${t.reads.toFixed(2)} (${t.kernelReads.toFixed(2)}) ${t.uploads.toFixed(2)}` : "";
}

function workersOption(raw: unknown): Workers {
  try {
    return raw === undefined ? 1 : parseWorkers(String(raw));
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace("workers", "--workers")}`);
  }
}

main(process.argv.slice(2)).catch((e: Error) => {
  process.stderr.write(`bench: ${e.message.split("\n")[0]}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
