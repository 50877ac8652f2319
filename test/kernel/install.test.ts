import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../support/kernel";

const INSTALL = join(ROOT, "dist", "lib", "kernel", "install.js");

test("kernel:install --prefix writes the vae-lab kernelspec; --uninstall removes it", () => {
  const prefix = mkdtempSync(join(tmpdir(), "vae-lab-install-"));
  try {
    const dir = join(prefix, "share", "jupyter", "kernels", "vae-lab");
    const r = spawnSync(process.execPath, [INSTALL, "--prefix", prefix], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(dir), ["kernel.json"]);
    const spec = JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8"));
    assert.deepEqual(spec.argv, [process.execPath, join(ROOT, "dist", "lib", "kernel", "main.js"), "{connection_file}"]);
    assert.equal(spec.display_name, "TypeScript (VAE Lab)");
    assert.equal(spec.language, "typescript");
    assert.equal(spec.interrupt_mode, "message");
    const again = spawnSync(process.execPath, [INSTALL, `--prefix=${prefix}`], { encoding: "utf8" });
    assert.equal(again.status, 0, again.stderr);
    const u = spawnSync(process.execPath, [INSTALL, "--prefix", prefix, "--uninstall"], { encoding: "utf8" });
    assert.equal(u.status, 0, u.stderr);
    assert.equal(existsSync(dir), false);
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
});

test("the user install goes to the XDG data dir; bad options fail in one line", () => {
  const home = mkdtempSync(join(tmpdir(), "vae-lab-home-"));
  try {
    const env = { ...process.env, HOME: home, XDG_DATA_HOME: join(home, "data") };
    const r = spawnSync(process.execPath, [INSTALL], { env, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(home, "data", "jupyter", "kernels", "vae-lab", "kernel.json")));
    const bad = spawnSync(process.execPath, [INSTALL, "--prefx", "x"], { env, encoding: "utf8" });
    assert.equal(bad.status, 1);
    assert.equal(bad.stderr, "kernel:install: unknown option --prefx; use --prefix DIR, --user or --uninstall\n");
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
