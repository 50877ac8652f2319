#!/usr/bin/env node
/**
 * The `vae-lab-kernel` program: `node dist/lib/kernel/main.js <connection file>`, as Jupyter
 * starts it from the kernelspec. Cells run in the current directory (the notebook's folder).
 */
import { readConnectionFile } from "./connection";
import { Kernel } from "./kernel";
import { kernelLog } from "./output";

async function main(argv: string[]): Promise<void> {
  const file = argv.find((a) => !a.startsWith("-"));
  if (!file) throw new Error("usage: vae-lab-kernel <connection file>");
  const kernel = new Kernel(readConnectionFile(file), process.cwd());
  await kernel.start();
  watchParent(process.env.JPY_PARENT_PID);
}

/**
 * Exits when the process that started the kernel is gone (as ipykernel does with JPY_PARENT_PID),
 * so a client killed without a word leaves no kernel behind.
 */
function watchParent(pid: string | undefined): void {
  if (!pid || !/^\d+$/.test(pid) || process.ppid !== Number(pid)) return;
  setInterval(() => {
    if (process.ppid === Number(pid)) return;
    kernelLog(`parent process ${pid} is gone; exiting`);
    process.exit(1);
  }, 1000).unref();
}

main(process.argv.slice(2)).catch((e: Error) => {
  kernelLog(`failed to start: ${e.message}`);
  process.exit(1);
});
