import type * as pl from "nodejs-polars";
import { Figure } from "../plots/figure";
import { dataFrameBundle, figureBundle } from "./bundles";
import { registerFormatter } from "./jupyter";

/** True for a nodejs-polars DataFrame (checked by shape, so polars is not loaded to ask). */
export function isDataFrame(value: unknown): value is pl.DataFrame {
  const v = value as Partial<pl.DataFrame> | null;
  return (
    v != null &&
    typeof v === "object" &&
    Array.isArray(v.columns) &&
    typeof v.height === "number" &&
    typeof v.toRecords === "function" &&
    typeof v.head === "function"
  );
}

registerFormatter({ name: "polars.DataFrame", test: isDataFrame, bundle: (df) => dataFrameBundle(df as pl.DataFrame) });
registerFormatter({ name: "vae-lab.Figure", test: (v) => v instanceof Figure, bundle: (f) => figureBundle(f as Figure) });
