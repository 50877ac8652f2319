import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installKernelSpec } from "../../lib/kernel/install";

/** Debian's Python, which has the Jupyter packages. */
export const PYTHON = "/usr/bin/python3";

/**
 * Installs the vae-lab kernelspec into a fresh temp prefix and returns the environment for Jupyter
 * tools to find it (JUPYTER_PATH) plus a cleanup function.
 */
export function tempKernelSpec(): { env: NodeJS.ProcessEnv; cleanup: () => void } {
  const prefix = mkdtempSync(join(tmpdir(), "vae-lab-spec-"));
  installKernelSpec(prefix);
  const env = {
    ...process.env,
    JUPYTER_PATH: join(prefix, "share", "jupyter"),
    JUPYTER_DATA_DIR: join(prefix, "data"),
    JUPYTER_RUNTIME_DIR: join(prefix, "runtime"),
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
  };
  return { env, cleanup: () => rmSync(prefix, { recursive: true, force: true }) };
}
