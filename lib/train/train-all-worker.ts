import { parentPort, workerData } from "node:worker_threads";
import { initBackend } from "../backend";
import { sharedImageDataset } from "../data/shared";
import { trainOrLoad } from "./run";
import type { TrainingMessage, TrainingSetup } from "./train-all";

// One training of `trainAll`, in its own thread: the same train-or-load as the main thread's, on views
// of the shared data; its records go to the main thread, which loads the saved checkpoint.

const setup = workerData as TrainingSetup;
const post = (m: TrainingMessage) => parentPort!.postMessage(m);

async function run(): Promise<void> {
  await initBackend({ backend: setup.backend, quiet: true });
  const { train, test } = setup.data;
  await trainOrLoad({
    ...setup.request,
    data: { train: sharedImageDataset(train), test: test && sharedImageDataset(test) },
    callbacks: {
      onStep: (record, perEpoch) => post({ type: "step", record, perEpoch }),
      onEpoch: (record) => post({ type: "epoch", record }),
    },
  });
}

run().then(
  () => post({ type: "done" }),
  (e: Error) => post({ type: "error", message: String(e?.message ?? e).split("\n")[0] }),
);
