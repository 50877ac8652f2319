import { spawnSync } from "node:child_process";

/** True when `program` is found on PATH (or is an existing absolute path). */
export function hasProgram(program: string): boolean {
  return spawnSync("sh", ["-c", `command -v "${program}"`], { stdio: "ignore" }).status === 0;
}

/** True when `python3` (Debian's, for Jupyter tools) can import `module`. */
export function hasPythonModule(module: string, python = "/usr/bin/python3"): boolean {
  return spawnSync(python, ["-c", `import ${module}`], { stdio: "ignore" }).status === 0;
}

export interface Needs {
  programs?: string[];
  pythonModules?: string[];
}

/**
 * Options for `test(name, needs({...}), fn)`: skips with a one-line reason when a system program or
 * Python module is missing. Under `VAE_LAB_REQUIRE_SYSTEM_TOOLS=1` (set by `.ci/run`) a missing tool
 * is a failure instead of a skip.
 */
export function needs(req: Needs): { skip?: string } {
  const missing = [
    ...(req.programs ?? []).filter((p) => !hasProgram(p)),
    ...(req.pythonModules ?? []).filter((m) => !hasPythonModule(m)).map((m) => `python module ${m}`),
  ];
  if (missing.length === 0) return {};
  const reason = `needs ${missing.join(", ")}, not installed`;
  if (process.env.VAE_LAB_REQUIRE_SYSTEM_TOOLS === "1") {
    throw new Error(`${reason} (VAE_LAB_REQUIRE_SYSTEM_TOOLS=1 forbids skipping)`);
  }
  return { skip: reason };
}
