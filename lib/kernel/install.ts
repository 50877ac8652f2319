/**
 * `npm run kernel:install [-- --prefix DIR] [--uninstall]`: registers (or removes) the Jupyter
 * kernelspec `vae-lab`, which starts this checkout's built kernel with this node.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** Name of the kernelspec directory. */
export const KERNEL_NAME = "vae-lab";

/** Where kernelspecs live: `<prefix>/share/jupyter/kernels`, else the current user's Jupyter data dir. */
export function kernelsDir(prefix?: string): string {
  if (prefix) return join(resolve(prefix), "share", "jupyter", "kernels");
  if (process.platform === "darwin") return join(homedir(), "Library", "Jupyter", "kernels");
  if (process.platform === "win32") return join(process.env.APPDATA ?? homedir(), "jupyter", "kernels");
  return join(process.env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "jupyter", "kernels");
}

/** The kernel.json contents for this checkout. */
export function kernelSpec(): Record<string, unknown> {
  return {
    argv: [process.execPath, join(__dirname, "main.js"), "{connection_file}"],
    display_name: "TypeScript (VAE Lab)",
    language: "typescript",
    interrupt_mode: "message",
    metadata: { debugger: false },
  };
}

/** Writes `<kernelsDir>/vae-lab/kernel.json` atomically (temp file, then rename); returns the directory. */
export function installKernelSpec(prefix?: string): string {
  const dir = join(kernelsDir(prefix), KERNEL_NAME);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.kernel.json.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(kernelSpec(), null, 2) + "\n");
  renameSync(tmp, join(dir, "kernel.json"));
  return dir;
}

/** Removes the kernelspec directory; returns it. Removing a missing spec is not an error. */
export function uninstallKernelSpec(prefix?: string): string {
  const dir = join(kernelsDir(prefix), KERNEL_NAME);
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

function cli(argv: string[]): void {
  let prefix: string | undefined;
  let uninstall = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--uninstall") uninstall = true;
    else if (a === "--user") prefix = undefined;
    else if (a === "--prefix") prefix = argv[++i];
    else if (a.startsWith("--prefix=")) prefix = a.slice("--prefix=".length);
    else throw new Error(`unknown option ${a}; use --prefix DIR, --user or --uninstall`);
    if (a === "--prefix" && !prefix) throw new Error("--prefix needs a directory");
  }
  if (uninstall) console.log(`removed kernelspec ${uninstallKernelSpec(prefix)}`);
  else console.log(`installed kernelspec ${KERNEL_NAME} ("TypeScript (VAE Lab)") in ${installKernelSpec(prefix)}`);
}

if (require.main === module) {
  try {
    cli(process.argv.slice(2));
  } catch (e) {
    console.error(`kernel:install: ${(e as Error).message}`);
    process.exit(1);
  }
}
