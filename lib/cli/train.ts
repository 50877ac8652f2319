#!/usr/bin/env node
import { BACKENDS, describeBackend, initBackend } from "../backend";
import { loadData } from "../data/load";
import { evaluate } from "../train/test-loss";
import { preset, presets } from "../train/presets";
import { deriveSeed } from "../util/random";
import { trainOrLoad } from "../train/run";
import { parseWorkers } from "../train/workers";
import { parseArgs, UsageError } from "./args";
import { formatDuration, progressLine, TerminalProgress } from "../display/terminal";

const USAGE = `usage: npm run train -- --model <name> [--epochs N] [--batch-size B] [--train-size N] [--test-size N]
         [--learning-rate X] [--seed S] [--workers N|auto] [--backend auto|${BACKENDS.join("|")}] [--retrain] [--no-eval] [--json]
       npm run train -- --list`;

const SPEC = {
  model: { kind: "string" },
  epochs: { kind: "int", min: 1 },
  "batch-size": { kind: "int", min: 1 },
  "train-size": { kind: "int", min: 1 },
  "test-size": { kind: "int", min: 1 },
  "learning-rate": { kind: "number", positive: true },
  seed: { kind: "int", min: 0 },
  workers: { kind: "string" },
  backend: { kind: "string", choices: ["auto", ...BACKENDS] },
  retrain: { kind: "flag" },
  "no-eval": { kind: "flag" },
  json: { kind: "flag" },
  list: { kind: "flag" },
  help: { kind: "flag" },
} as const;

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv, SPEC);
  if (args.help) return void console.log(USAGE);
  if (args.list) {
    const width = Math.max(...presets().map((p) => p.name.length));
    for (const p of presets()) console.log(`${p.name.padEnd(width)}  ${p.description}`);
    return;
  }
  if (!args.model) throw new UsageError(`--model is required (choose one of ${presets().map((p) => p.name).join(", ")})`);
  let chosen;
  try {
    chosen = preset(String(args.model));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const workers = args.workers === undefined ? chosen.train.workers : usage(() => parseWorkers(String(args.workers)));
  const info = await initBackend({ backend: (args.backend as never) ?? undefined, quiet: Boolean(args.json) });
  const trainConfig = {
    epochs: (args.epochs as number) ?? chosen.train.epochs,
    batchSize: (args["batch-size"] as number) ?? chosen.train.batchSize,
    learningRate: (args["learning-rate"] as number) ?? chosen.train.learningRate,
    seed: (args.seed as number) ?? 1,
    binarize: chosen.train.binarize,
    evaluateEachEpoch: !args["no-eval"],
    workers,
  };
  const data = loadData(chosen.data, { trainSize: args["train-size"] as number, testSize: args["test-size"] as number });
  const bar = new TerminalProgress();
  const stepsTotal = trainConfig.epochs * Math.ceil(data.train.size / trainConfig.batchSize);
  const progress = (r: { epoch: number; step: number; seconds: number }, loss: number) =>
    progressLine({ epoch: r.epoch, epochs: trainConfig.epochs, done: r.step, total: stepsTotal, loss, elapsed: r.seconds });
  const run = await trainOrLoad({
    model: chosen.model,
    train: trainConfig,
    data,
    retrain: args.retrain ? true : undefined,
    callbacks: {
      onStep: (s) => bar.update(progress(s, s.loss)),
      onEpoch: (e) => bar.update(progress(e, e.train.total), true),
    },
  });
  bar.done();
  const test =
    run.history.last?.test ??
    await evaluate(run.model, data.test, { seed: deriveSeed(trainConfig.seed, "test"), binarize: trainConfig.binarize });
  const result = {
    model: chosen.name,
    backend: run.backend,
    epochs: trainConfig.epochs,
    trainSize: data.train.size,
    seed: trainConfig.seed,
    seconds: round(run.seconds, 3),
    samplesPerSecond: round(run.samplesPerSecond, 1),
    test: {
      reconstruction: test.reconstruction ?? 0,
      kl: test.kl ?? 0,
      ...(test.klDiscrete !== undefined ? { klDiscrete: test.klDiscrete } : {}),
      total: test.total,
    },
    loaded: run.loaded,
    checkpoint: run.path,
    workers: run.workers,
  };
  if (args.json) return void console.log(JSON.stringify(result));
  console.log(`${chosen.name} on ${describeBackend(info)}: ${run.loaded ? "loaded from" : "trained and saved to"} ${run.path}`);
  const withWorkers = run.workers > 1 ? ` with ${run.workers} workers` : "";
  console.log(
    `training: ${trainConfig.epochs} epochs on ${data.train.size} images, ${formatDuration(run.seconds)}, ` +
      `${Math.round(run.samplesPerSecond)} images/s${withWorkers}`,
  );
  const terms = Object.entries(result.test).map(([k, v]) => `${k} ${v.toFixed(2)}`);
  console.log(`test (${data.test.size} images, nats per image): ${terms.join(", ")}`);
}

function usage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^invalid workers/, "invalid --workers"));
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

main(process.argv.slice(2)).catch((e: Error) => {
  process.stderr.write(`train: ${e.message.split("\n")[0]}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
