import assert from "node:assert/strict";
import { test } from "node:test";
import { schedule, startOrder, type Job } from "../../../report/run/schedule";

/** Jobs that record when they start and end, each finishing when `release(name)` is called. */
function jobs(specs: [string, number | undefined][]) {
  const log: string[] = [];
  const gates = new Map<string, () => void>();
  const list: Job<string>[] = specs.map(([name, peakMiB]) => ({
    name,
    peakMiB,
    run: () => {
      log.push(`start ${name}`);
      return new Promise<string>((resolve) => gates.set(name, () => (log.push(`end ${name}`), resolve(name))));
    },
  }));
  const release = async (name: string) => {
    gates.get(name)!();
    await new Promise((r) => setImmediate(r));
  };
  return { list, log, release };
}

test("a notebook whose last peak does not fit beside the running ones waits, and the build says so once", async () => {
  const { list, log, release } = jobs([["01-a", 3000], ["02-b", 4000], ["03-c", 500]]);
  const said: string[] = [];
  const done = schedule(list, { jobs: 2, budgetMiB: 6000, defaultMiB: 1000, say: (l) => said.push(l) });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(log, ["start 01-a"]);
  assert.deepEqual(said, ["02-b waits for memory: it needs 3.9 GiB at its last run, 01-a holds 2.9 GiB of the 5.9 GiB budget"]);
  await release("01-a");
  assert.deepEqual(log, ["start 01-a", "end 01-a", "start 02-b", "start 03-c"]);
  await release("03-c");
  await release("02-b");
  assert.deepEqual(await done, ["01-a", "02-b", "03-c"]);
  assert.equal(said.length, 1);
});

test("without memory pressure the job count decides; an unknown peak is assumed; a job alone always runs", async () => {
  const { list, log, release } = jobs([["01-a", undefined], ["02-b", undefined], ["03-c", 99999]]);
  const said: string[] = [];
  const done = schedule(list, { jobs: 2, budgetMiB: 4000, defaultMiB: 1500, say: (l) => said.push(l) });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(log, ["start 01-a", "start 02-b"]);
  await release("01-a");
  assert.match(said[0], /^03-c waits for memory: it needs 97\.7 GiB at its last run, 02-b holds 1\.5 GiB of the 3\.9 GiB budget$/);
  await release("02-b");
  assert.deepEqual(log.slice(-1), ["start 03-c"]);
  await release("03-c");
  assert.deepEqual(await done, ["01-a", "02-b", "03-c"]);
});

test("notebooks with a known duration start longest first, after those without one; results keep the list's order", async () => {
  const { list, log, release } = jobs([["00-q", undefined], ["01-a", undefined], ["02-b", undefined], ["03-c", undefined]]);
  Object.assign(list[1], { seconds: 600 });
  Object.assign(list[2], { seconds: 60 });
  Object.assign(list[3], { seconds: 3000 });
  assert.deepEqual(startOrder(list), [0, 3, 1, 2]);
  const done = schedule(list, { jobs: 2, budgetMiB: 1e6, defaultMiB: 1, say: () => undefined });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(log, ["start 00-q", "start 03-c"]);
  for (const n of ["00-q", "01-a", "02-b", "03-c"]) await release(n);
  assert.deepEqual(await done, ["00-q", "01-a", "02-b", "03-c"]);
});
