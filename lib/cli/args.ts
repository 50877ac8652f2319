/** A command-line mistake: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** How one option is read: a flag (no value), an integer, a number, a string with choices, or a repeatable string. */
export type OptionSpec =
  | { kind: "flag" }
  | { kind: "int"; min?: number }
  | { kind: "number"; positive?: boolean }
  | { kind: "string"; choices?: readonly string[] }
  /** A string option that may be given more than once; its values are collected in order. */
  | { kind: "strings" };

/**
 * Parses `--name value`, `--name=value` and `--flag` against a spec; an unknown option, a missing or
 * bad value is a {@link UsageError} naming it and the valid choices.
 */
export function parseArgs(argv: string[], spec: Record<string, OptionSpec>): Record<string, string | number | boolean | string[]> {
  const out: Record<string, string | number | boolean | string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) throw new UsageError(`unexpected argument: ${arg}`);
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option: --${name} (valid: ${Object.keys(spec).map((k) => `--${k}`).join(", ")})`);
    if (s.kind === "flag") {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      out[name] = true;
      continue;
    }
    const raw = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (raw === undefined || (eq < 0 && raw.startsWith("--"))) throw new UsageError(`--${name} needs a value`);
    if (s.kind === "strings") out[name] = [...((out[name] as string[] | undefined) ?? []), raw];
    else out[name] = readValue(name, raw, s);
  }
  return out;
}

function readValue(name: string, raw: string, s: Exclude<OptionSpec, { kind: "flag" } | { kind: "strings" }>): string | number {
  if (s.kind === "string") {
    if (s.choices && !s.choices.includes(raw)) throw new UsageError(`invalid --${name}: ${raw} (choose one of ${s.choices.join(", ")})`);
    return raw;
  }
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n)) throw new UsageError(`invalid --${name}: ${raw} (a number)`);
  if (s.kind === "int" && (!Number.isInteger(n) || n < (s.min ?? 0))) {
    throw new UsageError(`invalid --${name}: ${raw} (an integer >= ${s.min ?? 0})`);
  }
  if (s.kind === "number" && s.positive && !(n > 0)) throw new UsageError(`invalid --${name}: ${raw} (a positive number)`);
  return n;
}
