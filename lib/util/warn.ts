const said = new Set<string>();

/** Writes a warning to stderr once per process, prefixed `vae-lab:`. Returns false if already said. */
export function warnOnce(message: string): boolean {
  if (said.has(message)) return false;
  said.add(message);
  if (process.env.VAE_LAB_QUIET !== "1") process.stderr.write(`vae-lab: ${message}\n`);
  return true;
}

const KERNEL_HOOK = Symbol.for("vae-lab.kernel");
type Hook = { display(bundle: Record<string, unknown>): void };

/**
 * Says an informational line once per process, prefixed `vae-lab:`: in a notebook (the VAE Lab
 * kernel) as plain output of the current cell, since Jupyter paints stderr red as if it were an
 * error; elsewhere on stderr, like {@link warnOnce}. Returns false if already said.
 */
export function noteOnce(message: string): boolean {
  if (said.has(message)) return false;
  said.add(message);
  if (process.env.VAE_LAB_QUIET === "1") return true;
  const hook = (globalThis as Record<symbol, unknown>)[KERNEL_HOOK] as Hook | undefined;
  if (hook) hook.display({ "text/plain": `vae-lab: ${message}` });
  else process.stderr.write(`vae-lab: ${message}\n`);
  return true;
}
