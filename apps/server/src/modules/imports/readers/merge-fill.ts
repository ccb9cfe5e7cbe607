/**
 * Merged ranges: the spreadsheet shows the top-left (master) value across the whole range, so the
 * readers copy it into every cell of the range, row by row, while streaming.
 */
import type { Cell } from '@recova/domain/imports/cell';
import { columnIndex } from './number-formats.ts';

/** A merged range: rows are 1-based sheet rows, columns 0-based indexes; both ends inclusive. */
export interface MergeRange {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

/** Parse `A3:A5` (or a single cell `B2`) into a range; null when malformed. */
export function parseRange(ref: string): MergeRange | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref.trim());
  if (!m) return null;
  const c1 = columnIndex(m[1].toUpperCase());
  const r1 = Number(m[2]);
  const c2 = m[3] ? columnIndex(m[3].toUpperCase()) : c1;
  const r2 = m[4] ? Number(m[4]) : r1;
  return { r1: Math.min(r1, r2), c1: Math.min(c1, c2), r2: Math.max(r1, r2), c2: Math.max(c1, c2) };
}

/**
 * Streams merge filling over rows that arrive in ascending row order (rows may be missing).
 * Memory is the range list plus the ranges active at the current row.
 */
export class MergeFiller {
  private readonly ranges: MergeRange[];
  private next = 0;
  private active: { range: MergeRange; master: Cell }[] = [];

  /** @param maxColumn ranges are clipped to this 0-based column (guards merges spanning all 16,384 columns) */
  constructor(ranges: MergeRange[], maxColumn = 16_383) {
    this.ranges = ranges
      .filter((r) => r.r2 > r.r1 || r.c2 > r.c1)
      .map((r) => ({ ...r, c2: Math.min(r.c2, Math.max(r.c1, maxColumn)) }))
      .sort((a, b) => a.r1 - b.r1 || a.c1 - b.c1);
  }

  get size(): number {
    return this.ranges.length;
  }

  /**
   * Fill `cells` (0-based, mutated) of sheet row `row`. Call for every row present in the sheet,
   * blank or not, in ascending order; a range whose master row is absent has no value to copy.
   */
  apply(row: number, cells: Cell[]): void {
    if (this.ranges.length === 0) return;
    if (this.active.length) this.active = this.active.filter((a) => a.range.r2 >= row);
    while (this.next < this.ranges.length && this.ranges[this.next].r1 <= row) {
      const range = this.ranges[this.next++];
      if (range.r2 < row) continue;
      this.active.push({ range, master: range.r1 === row ? (cells[range.c1] ?? null) : null });
    }
    for (const { range, master } of this.active) {
      if (master === null) continue;
      for (let c = range.c1; c <= range.c2; c++) {
        if (row === range.r1 && c === range.c1) continue;
        cells[c] = master;
      }
    }
  }
}
