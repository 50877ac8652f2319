/** One executed cell as history keeps it. */
export interface HistoryEntry {
  line: number;
  input: string;
  /** text/plain of the cell's execute_result, if any. */
  output: string | null;
}

/** A history_request's content (protocol 5.3). */
export interface HistoryRequest {
  output?: boolean;
  raw?: boolean;
  hist_access_type: "range" | "tail" | "search";
  session?: number;
  start?: number;
  stop?: number;
  n?: number;
  pattern?: string;
  unique?: boolean;
}

/** The session number history reports; this kernel keeps only its own session, in memory. */
export const HISTORY_SESSION = 1;

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${body}$`);
}

/** The cells run in this kernel session, answering `history_request` (tail, range, search). */
export class History {
  private readonly entries: HistoryEntry[] = [];

  /** Records the cell that ran as execution `line`. */
  add(line: number, input: string, output: string | null = null): void {
    this.entries.push({ line, input, output });
  }

  /** Rows for a history_reply: `[session, line, input]` or `[session, line, [input, output]]`. */
  query(req: HistoryRequest): [number, number, string | [string, string | null]][] {
    return this.select(req).map((e) => [HISTORY_SESSION, e.line, req.output ? [e.input, e.output] : e.input]);
  }

  private select(req: HistoryRequest): HistoryEntry[] {
    const all = this.entries;
    switch (req.hist_access_type) {
      case "tail":
        return req.n == null ? all.slice() : all.slice(Math.max(0, all.length - req.n));
      case "range": {
        const session = req.session ?? 0;
        if (session !== 0 && session !== HISTORY_SESSION) return [];
        const start = req.start ?? 1;
        const stop = req.stop ?? Number.POSITIVE_INFINITY;
        return all.filter((e) => e.line >= start && e.line < stop);
      }
      case "search": {
        const re = globToRegExp(req.pattern ?? "*");
        let found = all.filter((e) => re.test(e.input));
        if (req.unique) {
          const last = new Map(found.map((e) => [e.input, e]));
          found = found.filter((e) => last.get(e.input) === e);
        }
        return req.n == null ? found : found.slice(Math.max(0, found.length - req.n));
      }
      default: {
        const kind = (req as { hist_access_type: unknown }).hist_access_type;
        throw new Error(`unknown hist_access_type ${kind}, expected tail, range or search`);
      }
    }
  }
}
