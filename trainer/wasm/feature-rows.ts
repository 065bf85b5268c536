// Feature rows from the WASM scorer (OUTPUT.FEATURES): the trainer's only
// source of feature values. Row layout (f32): valid, raw IF, raw AE, raw
// ensemble, score, raw[N], transformed[N].

import { FEATURE_ROW_HEAD, OUTPUT, type Scorer } from "./scorer.ts";
import { replayStreams, type Streams } from "./streams.ts";

export class FeatureMatrix {
  readonly stride: number;
  private readonly index: Map<string, number>;

  constructor(
    readonly data: Float32Array,
    readonly count: number,
    readonly names: string[],
  ) {
    this.stride = FEATURE_ROW_HEAD + 2 * names.length;
    this.index = new Map(names.map((n, i) => [n, i]));
  }

  private at(i: number, k: number): number {
    return this.data[i * this.stride + k];
  }
  valid(i: number): boolean {
    return this.at(i, 0) === 1;
  }
  rawIforest(i: number): number {
    return this.at(i, 1);
  }
  rawAutoencoder(i: number): number {
    return this.at(i, 2);
  }
  rawEnsemble(i: number): number {
    return this.at(i, 3);
  }
  raw(i: number, f: number): number {
    return this.at(i, FEATURE_ROW_HEAD + f);
  }
  transformed(i: number, f: number): number {
    return this.at(i, FEATURE_ROW_HEAD + this.names.length + f);
  }

  featureIndex(name: string): number {
    const f = this.index.get(name);
    if (f === undefined) throw new Error(`the scorer has no feature named ${name}`);
    return f;
  }

  /**
   * Raw values of a feature over valid rows, optionally only rows where feature `when` is set, in
   * ascending order: every caller wants a quantile, and sorting the f32 copy in place spares
   * a second, f64 copy per column.
   */
  ascendingColumn(name: string, when?: string): Float32Array {
    const { data, stride } = this;
    const at = FEATURE_ROW_HEAD + this.featureIndex(name);
    const gate = when === undefined ? -1 : FEATURE_ROW_HEAD + this.featureIndex(when);
    const out = new Float32Array(this.count);
    let n = 0;
    for (let row = 0; row < data.length; row += stride) {
      if (data[row] === 1 && (gate < 0 || data[row + gate] > 0)) out[n++] = data[row + at];
    }
    return out.subarray(0, n).sort();
  }

  /** Raw values of a feature over valid rows (gated as ascendingColumn), in row order, with their row numbers. */
  column(name: string, when?: string): { values: Float32Array; rows: Uint32Array } {
    const at = FEATURE_ROW_HEAD + this.featureIndex(name);
    const gate = when === undefined ? -1 : FEATURE_ROW_HEAD + this.featureIndex(when);
    const values = new Float32Array(this.count);
    const rows = new Uint32Array(this.count);
    let n = 0;
    for (let i = 0; i < this.count; i++) {
      const row = i * this.stride;
      if (this.data[row] !== 1 || (gate >= 0 && !(this.data[row + gate] > 0))) continue;
      values[n] = this.data[row + at];
      rows[n++] = i;
    }
    return { values: values.subarray(0, n), rows: rows.subarray(0, n) };
  }

  /** Values of one of the per-row head fields over valid rows, from row `from` on. */
  head(which: "rawIforest" | "rawAutoencoder" | "rawEnsemble", from = 0): number[] {
    const out: number[] = [];
    for (let i = from; i < this.count; i++) if (this.valid(i)) out.push(this[which](i));
    return out;
  }
}

/** Replays `records` (already in time order) through fresh filter state per stream and returns their feature rows, in record order. */
export function extractFeatures(
  scorer: Scorer,
  records: string[],
  names: string[],
  onProgress?: (doneBytes: number, totalBytes: number) => void,
  streams?: Streams,
): FeatureMatrix {
  const { rows, count } = replayStreams(scorer, records, OUTPUT.FEATURES, streams, onProgress);
  const data = new Float32Array(rows.buffer, rows.byteOffset, rows.byteLength / 4);
  return new FeatureMatrix(data, count, names);
}
