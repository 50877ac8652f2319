import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { PYTHON, tempKernelSpec } from "../support/jupyter";
import { ROOT } from "../support/kernel";
import { needs } from "../support/system";

const CHECKS = [
  "clear_output", "completion", "display_data", "error", "execute_result", "execute_stderr",
  "execute_stdout", "history", "inspect", "is_complete", "kernel_info",
];

test("Jupyter's conformance suite (jupyter_kernel_test) passes every check but the optional pager", needs({ programs: [PYTHON], pythonModules: ["jupyter_kernel_test"] }), () => {
  const { env, cleanup } = tempKernelSpec();
  try {
    const r = spawnSync(PYTHON, ["-m", "unittest", "-v", "conformance"], { cwd: join(ROOT, "test", "kernel"), env, encoding: "utf8", timeout: 180000 });
    const log = `${r.stdout}\n${r.stderr}`;
    const results = new Map([...log.matchAll(/^test_(\w+) \(.*?\) \.\.\. (ok|FAIL|ERROR|skipped.*)$/gm)].map((m) => [m[1], m[2]]));
    for (const check of CHECKS) assert.equal(results.get(check), "ok", `check ${check}:\n${log}`);
    assert.match(results.get("pager") ?? "", /^skipped/, log);
    assert.equal(results.size, CHECKS.length + 1, log);
    assert.equal(r.status, 0, log);
  } finally {
    cleanup();
  }
});
