/**
 * A binary min-heap of (key, index) pairs with stamps for lazy deletion: an entry whose stamp is no
 * longer the item's current stamp is stale and skipped. Ties on key go to the lower index, which keeps
 * allocation deterministic ("the collector listed first"). Backed by growable typed arrays.
 */
export class StampedHeap {
  private keys: Float64Array;
  private idx: Int32Array;
  private stamps: Float64Array;
  private n = 0;

  constructor(capacity = 16) {
    const c = Math.max(16, capacity * 2);
    this.keys = new Float64Array(c);
    this.idx = new Int32Array(c);
    this.stamps = new Float64Array(c);
  }

  get size(): number {
    return this.n;
  }

  push(key: number, index: number, stamp: number): void {
    if (this.n === this.keys.length) this.grow();
    const keys = this.keys, idx = this.idx, stamps = this.stamps;
    let i = this.n++;
    // sift up by moving parents down into the hole
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!(key < keys[p] || (key === keys[p] && index < idx[p]))) break;
      keys[i] = keys[p], idx[i] = idx[p], stamps[i] = stamps[p];
      i = p;
    }
    keys[i] = key, idx[i] = index, stamps[i] = stamp;
  }

  /** The smallest live entry's index (stale entries are dropped on the way), or -1 when empty. */
  peekLive(current: ArrayLike<number>): number {
    while (this.n > 0) {
      if (this.stamps[0] === current[this.idx[0]]) return this.idx[0];
      this.pop();
    }
    return -1;
  }

  private pop(): void {
    const keys = this.keys, idx = this.idx, stamps = this.stamps;
    const last = --this.n;
    const key = keys[last], index = idx[last], stamp = stamps[last];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      if (l >= last) break;
      let m = l;
      if (r < last && (keys[r] < keys[l] || (keys[r] === keys[l] && idx[r] < idx[l]))) m = r;
      if (!(keys[m] < key || (keys[m] === key && idx[m] < index))) break;
      keys[i] = keys[m], idx[i] = idx[m], stamps[i] = stamps[m];
      i = m;
    }
    keys[i] = key, idx[i] = index, stamps[i] = stamp;
  }

  private grow(): void {
    const c = this.keys.length * 2;
    const k = new Float64Array(c), x = new Int32Array(c), s = new Float64Array(c);
    k.set(this.keys), x.set(this.idx), s.set(this.stamps);
    this.keys = k, this.idx = x, this.stamps = s;
  }
}
