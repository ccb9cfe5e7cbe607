/**
 * Live progress of running imports, kept in memory so that polling never waits on the database
 * (on PGlite every query shares one connection with the import itself).
 */
export interface Progress {
  rowsRead: number;
  phase: 'reading' | 'merging' | 'done' | 'failed';
}

const live = new Map<number, Progress>();

export const progress = {
  start(id: number) {
    live.set(id, { rowsRead: 0, phase: 'reading' });
  },
  get(id: number): Progress | undefined {
    return live.get(id);
  },
  update(id: number, p: Partial<Progress>) {
    const cur = live.get(id);
    if (cur) Object.assign(cur, p);
  },
  end(id: number) {
    live.delete(id);
  },
};
