import { inspect } from "node:util";

/**
 * A Jupyter mime bundle: output formats by mime type, e.g.
 * `{"text/plain": "Figure", "text/html": "<div>…</div>", "application/vnd.plotly.v1+json": {data, layout}}`.
 * Text formats are strings; JSON formats are plain objects; binary images are base64 strings.
 */
export type MimeBundle = Record<string, unknown>;

/**
 * The method key a value implements to choose how notebooks show it (the convention of Deno's
 * kernel): `[JUPYTER_DISPLAY]() { return {"text/html": "<b>hi</b>", "text/plain": "hi"}; }`.
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as any;

/** Key of the hook the VAE Lab kernel publishes on `globalThis` while it runs. */
export const KERNEL_HOOK: unique symbol = Symbol.for("vae-lab.kernel") as any;

/** Options for `display`. */
export interface DisplayOptions {
  /** Output metadata by mime type, e.g. `{"image/png": {width: 200}}`. Default `{}`. */
  metadata?: Record<string, unknown>;
  /** Names the output so a later `updateDisplay(id, …)` (from any cell) replaces it. */
  displayId?: string;
  /** When true, replace the output named `displayId` instead of adding one. Default false. */
  update?: boolean;
}

/** What the kernel publishes at `globalThis[KERNEL_HOOK]`. */
export interface KernelHook {
  /** Sends `display_data`, or `update_display_data` when `options.update` is true. */
  display(bundle: MimeBundle, options?: DisplayOptions): void;
  /** Clears the current cell's output; with `wait`, only when the next output arrives. */
  clearOutput(wait?: boolean): void;
}

/** A value that knows its own mime bundle. */
export interface Displayable {
  [JUPYTER_DISPLAY](): MimeBundle;
}

/** True when `value` implements the `Jupyter.display` method. */
export function isDisplayable(value: unknown): value is Displayable {
  return value != null && typeof (value as any)[JUPYTER_DISPLAY] === "function";
}

/** Shows values of a type that cannot carry the display method itself (e.g. a polars DataFrame). */
export interface Formatter {
  /** Unique name; registering a name again replaces the earlier formatter. */
  name: string;
  test(value: unknown): boolean;
  bundle(value: unknown): MimeBundle;
}

const FORMATTERS: unique symbol = Symbol.for("vae-lab.display.formatters") as any;

/** The process-wide formatter list (on `globalThis`, so every copy of the lib shares it). */
function formatters(): Formatter[] {
  return ((globalThis as any)[FORMATTERS] ??= []) as Formatter[];
}

/** Registers a formatter that {@link toMimeBundle} consults for values without a display method. */
export function registerFormatter(f: Formatter): void {
  const list = formatters();
  const i = list.findIndex((g) => g.name === f.name);
  if (i >= 0) list[i] = f;
  else list.push(f);
}

/**
 * The bundle a notebook shows for `value`: a registered formatter's when one accepts it (so the lib
 * decides how e.g. polars DataFrames look), else the value's own `[JUPYTER_DISPLAY]()` bundle, else
 * `text/plain` from `util.inspect`.
 */
export function toMimeBundle(value: unknown): MimeBundle {
  const f = value != null && typeof value === "object" ? formatters().find((g) => g.test(value)) : undefined;
  if (f) return f.bundle(value);
  if (!isDisplayable(value)) return { "text/plain": inspect(value) };
  const bundle = value[JUPYTER_DISPLAY]();
  if (bundle == null || typeof bundle !== "object" || Array.isArray(bundle)) {
    throw new TypeError(`[Symbol.for("Jupyter.display")]() returned ${inspect(bundle)}, expected a mime bundle object`);
  }
  return bundle;
}

/** The running kernel's hook, or undefined outside the VAE Lab kernel (plain node, tests). */
export function kernelHook(): KernelHook | undefined {
  return (globalThis as any)[KERNEL_HOOK] as KernelHook | undefined;
}

/**
 * Shows `value` in the current cell's output. Returns false, doing nothing, outside a kernel.
 * @example display(figure, {displayId: "loss"})
 */
export function display(value: unknown, options: DisplayOptions = {}): boolean {
  const hook = kernelHook();
  if (!hook) return false;
  hook.display(toMimeBundle(value), options);
  return true;
}

/** Replaces the output shown with `displayId` by `value`. Returns false outside a kernel. */
export function updateDisplay(displayId: string, value: unknown, metadata?: Record<string, unknown>): boolean {
  return display(value, { displayId, update: true, metadata });
}

/** Clears the current cell's output (with `wait`, on the next output). Returns false outside a kernel. */
export function clearOutput(wait = false): boolean {
  const hook = kernelHook();
  if (!hook) return false;
  hook.clearOutput(wait);
  return true;
}
