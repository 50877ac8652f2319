const said = new Set<string>();

/** Writes a warning to stderr once per process, prefixed `vae-lab:`. Returns false if already said. */
export function warnOnce(message: string): boolean {
  if (said.has(message)) return false;
  said.add(message);
  if (process.env.VAE_LAB_QUIET !== "1") process.stderr.write(`vae-lab: ${message}\n`);
  return true;
}
