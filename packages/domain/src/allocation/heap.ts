/**
 * A binary min-heap of (key, index) pairs with stamps for lazy deletion: an entry whose stamp is no
 * longer the item's current stamp is stale and skipped. Ties on key go to the lower index, which keeps
 * allocation deterministic ("the collector listed first").
 */
export class StampedHeap {
  private keys: number[] = [];
  private idx: number[] = [];
  private stamps: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(key: number, index: number, stamp: number): void {
    let i = this.keys.length;
    this.keys.push(key), this.idx.push(index), this.stamps.push(stamp);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** The smallest live entry's index (stale entries are dropped on the way), or -1 when empty. */
  peekLive(current: ArrayLike<number>): number {
    while (this.keys.length > 0) {
      if (this.stamps[0] === current[this.idx[0]]) return this.idx[0];
      this.pop();
    }
    return -1;
  }

  private pop(): void {
    const last = this.keys.length - 1;
    this.swap(0, last);
    this.keys.pop(), this.idx.pop(), this.stamps.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < this.keys.length && this.less(l, m)) m = l;
      if (r < this.keys.length && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private less(a: number, b: number): boolean {
    return this.keys[a] < this.keys[b] || (this.keys[a] === this.keys[b] && this.idx[a] < this.idx[b]);
  }

  private swap(a: number, b: number): void {
    [this.keys[a], this.keys[b]] = [this.keys[b], this.keys[a]];
    [this.idx[a], this.idx[b]] = [this.idx[b], this.idx[a]];
    [this.stamps[a], this.stamps[b]] = [this.stamps[b], this.stamps[a]];
  }
}
