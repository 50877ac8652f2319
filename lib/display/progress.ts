import type { EpochRecord, StepRecord } from "../train/history";
import type { TrainCallbacks } from "../train/loop";
import { formatDuration, progressLine, TerminalProgress } from "./terminal";
import { escapeHtml } from "./bundles";
import { display, kernelHook, MimeBundle } from "./jupyter";
import { PROGRESS_MIME, type ProgressData } from "./mime";

export interface LiveProgressOptions {
  /** Shown above the progress, e.g. the model's name. */
  title?: string;
  /** Total epochs, for the ETA. */
  epochs: number;
  /** Least time between two updates of the output. Default 300 ms. */
  intervalMs?: number;
}

let progressCount = 0;

/**
 * Training callbacks that show progress: in a notebook, one output updated in place (epoch, step,
 * losses, ETA and a small loss curve) at most every `intervalMs`, ending in a summary; on a terminal,
 * a progress bar; elsewhere, nothing.
 * @example await trainOrLoad({ ..., callbacks: liveProgress({ title: "conv VAE", epochs: 10 }) })
 */
export function liveProgress(o: LiveProgressOptions): TrainCallbacks {
  if (!kernelHook()) {
    const bar = new TerminalProgress(process.stderr, o.intervalMs ?? 300);
    let total = 0;
    return {
      onStep: (s, perEpoch) => {
        total ||= perEpoch * o.epochs;
        bar.update(progressLine({ epoch: s.epoch, epochs: o.epochs, done: s.step, total, loss: s.loss, elapsed: s.seconds }));
      },
      onEpoch: (e) => (e.epoch === o.epochs ? bar.done(summaryLine(o, e)) : undefined),
    };
  }
  const displayId = `vae-lab-progress-${++progressCount}`;
  const losses: number[] = [];
  let last = 0;
  let shown = false;
  const show = (bundle: MimeBundle) => {
    display({ [Symbol.for("Jupyter.display")]: () => bundle }, { displayId, update: shown });
    shown = true;
  };
  return {
    onStep(s: StepRecord, perEpoch: number) {
      losses.push(s.loss);
      const now = performance.now();
      if (shown && now - last < (o.intervalMs ?? 300)) return;
      last = now;
      show(stepBundle(o, s, perEpoch, losses));
    },
    onEpoch(e: EpochRecord) {
      if (e.epoch !== o.epochs) return;
      const text = summaryLine(o, e);
      show({
        "text/plain": text,
        "text/html": `<div class="vae-lab-progress">${escapeHtml(text)}${sparkline(losses)}</div>`,
        [PROGRESS_MIME]: progressData(text, true, losses),
      });
    },
  };
}

/** The text and HTML of a progress update. */
export function stepBundle(o: LiveProgressOptions, s: StepRecord, perEpoch: number, losses: number[]): MimeBundle {
  const total = perEpoch * o.epochs;
  const line = progressLine({ epoch: s.epoch, epochs: o.epochs, done: s.step, total, loss: s.loss, elapsed: s.seconds });
  const terms = Object.entries(s.terms).map(([k, v]) => `${k} ${v!.toFixed(2)}`).join(", ");
  const title = o.title ? `<b>${escapeHtml(o.title)}</b> ` : "";
  const text = `${o.title ? `${o.title}: ` : ""}${line}`;
  return {
    [PROGRESS_MIME]: progressData(text, false, losses),
    "text/plain": text,
    "text/html": `<div class="vae-lab-progress">${title}<code>${escapeHtml(line)}</code><br>${escapeHtml(terms)}${sparkline(losses)}</div>`,
  };
}

function summaryLine(o: LiveProgressOptions, e: EpochRecord): string {
  const test = e.test ? `, test total ${e.test.total.toFixed(2)}` : "";
  const title = o.title ? `${o.title}: ` : "";
  return `${title}${e.epoch} epochs in ${formatDuration(e.seconds)}, train total ${e.train.total.toFixed(2)}${test} nats per image`;
}

function progressData(text: string, done: boolean, losses: number[]): ProgressData {
  return { text, done, losses: thin(losses) };
}

/** At most 200 evenly strided values. */
function thin(values: number[]): number[] {
  const stride = Math.ceil(values.length / 200);
  return values.filter((_, i) => i % stride === 0);
}

/** A small inline SVG curve of the losses so far (at most 200 points). */
export function sparkline(values: number[], width = 240, height = 40): string {
  if (values.length < 2) return "";
  const v = thin(values);
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  const pts = v.map((y, i) => {
    const px = (i / (v.length - 1)) * width;
    const py = height - 2 - ((y - lo) / (hi - lo || 1)) * (height - 4);
    return `${px.toFixed(1)},${py.toFixed(1)}`;
  });
  return (
    `<br><svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<polyline fill="none" stroke="#4e79a7" stroke-width="1.5" points="${pts.join(" ")}"/></svg>`
  );
}
