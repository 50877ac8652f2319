import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { ROOT } from "../../support/kernel";
import { workspace, writeNotebooks } from "../../support/notebooks";

const CLI = path.join(ROOT, "dist", "report", "cli.js");

function cli(dir: string, args: string[]) {
  const env = { ...process.env, VAE_LAB_REPORT_CACHE: path.join(dir, "cache") };
  return spawnSync(process.execPath, [CLI, "--notebooks", path.join(dir, "notebooks"), "--out", path.join(dir, "out"), "--no-pdf", ...args], { encoding: "utf8", timeout: 60000, env });
}

/** Pids of the processes whose parent is `pid` (from /proc). */
function children(pid: number): number[] {
  return fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d)).filter((d) => {
    try {
      return fs.readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1].split(" ")[1] === String(pid);
    } catch {
      return false;
    }
  }).map(Number);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test("bad options and parameters are one-line errors with exit code 2, before any kernel starts", () => {
  const dir = workspace("cli-usage");
  writeNotebooks(dir, { "01-a": [{ code: "const epochs = 1;", tags: ["parameters"] }, "epochs"] });
  const cases: [string[], string][] = [
    [["--profile", "fast"], "report: invalid --profile: fast (choose one of smoke, quick, full)\n"],
    [["--jobs", "0"], "report: invalid --jobs: 0 (an integer >= 1)\n"],
    [["--colour"], /^report: unknown option: --colour \(valid: --profile, --only, --set, /.source],
    [["--only", "07"], "report: --only 07 matches no notebook (choose from 01-a)\n"],
    [["--set", "epoch=2"], /01-a\.ipynb has no parameter epoch \(known: epochs\)\n$/.source],
    [["--set", "epochs=two"], /01-a\.ipynb: --set epochs=two: epochs is a number\n$/.source],
    [["--set", "nonsense"], "report: invalid --set nonsense (key=value, or NOTEBOOK:key=value for one notebook)\n"],
  ];
  for (const [args, expected] of cases) {
    const r = cli(dir, args);
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    if (expected.startsWith("report:")) assert.equal(r.stderr, expected);
    else assert.match(r.stderr, new RegExp(expected));
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
  assert.ok(!fs.existsSync(path.join(dir, "out")));
});

test("the command writes executed notebooks and metrics.json and ends with a summary line; a failure exits 1 with the cell", () => {
  const dir = workspace("cli-run");
  writeNotebooks(dir, { "01-a": [{ code: "const epochs = 1;", tags: ["parameters"] }, "console.log(`epochs ${epochs}`)"] });
  const r = cli(dir, ["--profile", "smoke", "--set", "epochs=4"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\[1\/1\] 01-a: running\n\[1\/1\] 01-a: done in \d+s \(3 code cells\)\nreport: --no-pdf: the executed notebooks carry no static figures either .*\nreport: wrote .*out\/ \(index\.html, metrics\.json, 1 executed notebook\) in \d+s; none from the cache\n$/);
  const nb = JSON.parse(fs.readFileSync(path.join(dir, "out", "notebooks", "01-a.ipynb"), "utf8"));
  assert.equal(nb.cells[2].outputs[0].text, "epochs 4\n");
  const again = cli(dir, ["--profile", "smoke", "--set", "epochs=4"]);
  assert.match(again.stdout, /from the cache: 01-a\n$/);
  writeNotebooks(dir, { "01-a": ["throw new TypeError('bad value 7')", "1"] });
  const failed = cli(dir, ["--profile", "smoke"]);
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, /01-a\.ipynb, cell 1 \(In \[2\]\): TypeError: bad value 7\n--- source of cell 1 ---\nthrow new TypeError\('bad value 7'\)\n/);
  assert.match(failed.stderr, /report: 1 of 1 notebooks failed \(01-a\) in \d+s; the last good report is untouched; this run's output, partial notebooks included, is in .*out\.failed\//);
  assert.equal(JSON.parse(fs.readFileSync(path.join(dir, "out", "notebooks", "01-a.ipynb"), "utf8")).cells[2].outputs[0].text, "epochs 4\n");
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  test(`${signal} stops the build, leaves no kernel process and writes nothing`, async () => {
    const dir = workspace(`cli-${signal}`);
    writeNotebooks(dir, { hangs: ["1", "await new Promise(() => {})"] });
    const child = spawn(process.execPath, [CLI, "--notebooks", path.join(dir, "notebooks"), "--out", path.join(dir, "out"), "--no-pdf", "--no-cache"], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, VAE_LAB_REPORT_CACHE: path.join(dir, "cache") } });
    let stderr = "";
    child.stderr.on("data", (b) => (stderr += b));
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    let kernels: number[] = [];
    for (let i = 0; i < 200 && kernels.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      kernels = children(child.pid!);
    }
    assert.equal(kernels.length, 1, "one kernel started");
    await new Promise((r) => setTimeout(r, 1500));
    child.kill(signal);
    assert.equal(await exited, signal === "SIGINT" ? 130 : 143);
    assert.match(stderr, new RegExp(`report: ${signal}: stopping the kernels`));
    assert.match(stderr, /report: stopped; no kernel is left running and .* is as it was/);
    assert.ok(!alive(kernels[0]), `kernel ${kernels[0]} is gone`);
    assert.deepEqual(fs.readdirSync(dir).sort(), ["notebooks"], "no output, temporary folder or lock left");
  });
}
