/** Seconds as a reader wants them: `0.4 s`, `12 s`, `4 min 05 s`, `1 h 02 min`. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "—";
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}

/** An ISO time as `2026-12-02 16:48:42 UTC`, or its time only when it falls on `sameDayAs`'s date. */
export function when(iso: string | undefined, sameDayAs?: string): string {
  const d = iso ? new Date(iso) : undefined;
  if (!d || Number.isNaN(d.getTime())) return "—";
  const [date, time] = d.toISOString().split("T");
  const clock = time.slice(0, 8);
  const day = sameDayAs && !Number.isNaN(Date.parse(sameDayAs)) ? new Date(sameDayAs).toISOString().slice(0, 10) : undefined;
  return day === date ? clock : `${date} ${clock} UTC`;
}

/** A recorded or parameter value as text: numbers to six significant digits, strings as they are, the rest as JSON. */
export function valueText(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}
