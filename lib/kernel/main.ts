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
}

main(process.argv.slice(2)).catch((e: Error) => {
  kernelLog(`failed to start: ${e.message}`);
  process.exit(1);
});
