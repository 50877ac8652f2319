import type { Message } from "../../lib/kernel/wire";
import type { CodeCell, Output } from "../notebook";

type Content = Record<string, any>;

/**
 * Turns a cell's iopub messages into nbformat outputs as nbclient does: consecutive stream text of
 * one name is merged, `clear_output` (with `wait`, at the next output) empties the cell, and
 * `update_display_data` replaces every output shown under its display id, in any cell.
 */
export class OutputCollector {
  private readonly displays = new Map<string, Output[]>();
  private clearPending = false;
  private cell?: CodeCell;

  /** Starts collecting into `cell` (its outputs are reset). */
  begin(cell: CodeCell): void {
    this.cell = cell;
    this.clearPending = false;
    cell.outputs = [];
  }

  /** Handles one iopub message of the current cell; returns the text/plain of a display or update, for progress. */
  handle(msg: Message): string | undefined {
    const cell = this.cell;
    if (!cell) return undefined;
    const c = msg.content as Content;
    switch (msg.header.msg_type) {
      case "execute_input":
        cell.execution_count = c.execution_count ?? cell.execution_count;
        return undefined;
      case "clear_output":
        if (c.wait) this.clearPending = true;
        else cell.outputs = [];
        return undefined;
      case "update_display_data":
        for (const o of this.displays.get(c.transient?.display_id) ?? []) Object.assign(o, { data: c.data, metadata: c.metadata ?? {} });
        return plain(c.data);
      case "stream":
        return this.add({ output_type: "stream", name: c.name, text: c.text }), undefined;
      case "display_data": {
        const out: Output = { output_type: "display_data", data: c.data, metadata: c.metadata ?? {} };
        this.add(out);
        const id = c.transient?.display_id;
        if (id) this.displays.set(id, [...(this.displays.get(id) ?? []), out]);
        return plain(c.data);
      }
      case "execute_result":
        this.add({ output_type: "execute_result", execution_count: c.execution_count ?? null, data: c.data, metadata: c.metadata ?? {} });
        return undefined;
      case "error":
        this.add({ output_type: "error", ename: c.ename, evalue: c.evalue, traceback: c.traceback ?? [] });
        return undefined;
      default:
        return undefined;
    }
  }

  private add(out: Output): void {
    const cell = this.cell!;
    if (this.clearPending) {
      cell.outputs = [];
      this.clearPending = false;
    }
    const last = cell.outputs.at(-1);
    if (out.output_type === "stream" && last?.output_type === "stream" && last.name === out.name) {
      last.text = (Array.isArray(last.text) ? last.text.join("") : last.text) + out.text;
      return;
    }
    cell.outputs.push(out);
  }
}

function plain(data: Content | undefined): string | undefined {
  const t = data?.["text/plain"];
  return typeof t === "string" ? t : Array.isArray(t) ? t.join("") : undefined;
}

/** The text a cell wrote to stderr, for failure messages. */
export function stderrOf(cell: CodeCell): string {
  const stderr = (o: Output) => (o.output_type === "stream" && o.name === "stderr" ? o.text : "");
  return cell.outputs.map((o) => [stderr(o)].flat().join("")).join("");
}
