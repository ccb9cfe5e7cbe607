/**
 * Time source, passed in everywhere so that tests control "now" (design.md §6.1).
 */
import { readFileSync, statSync } from 'node:fs';
import { DateTime } from 'luxon';

export interface Clock {
  now(): Date;
  /** today's calendar date (`YYYY-MM-DD`) in the given IANA zone */
  today(zone: string): string;
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: (zone) => DateTime.now().setZone(zone).toISODate()!,
};

/** A clock fixed at one instant (tests, `--as-of`). */
export function fixedClock(iso: string): Clock {
  const d = new Date(iso);
  return { now: () => new Date(d), today: (zone) => DateTime.fromJSDate(d).setZone(zone).toISODate()! };
}

/**
 * A clock read from a file holding one ISO instant (`RECOVA_CLOCK_FILE`, browser tests and demos): the
 * file is re-read when its modification time changes, so a test moves the server's "now" by rewriting it.
 * An unreadable or invalid file is an error (a test must not silently run on the real time).
 */
export function fileClock(file: string): Clock {
  let mtime = -1;
  let at = new Date(NaN);
  const now = (): Date => {
    const m = statSync(file).mtimeMs;
    if (m !== mtime) {
      const text = readFileSync(file, 'utf8').trim();
      const d = new Date(text);
      if (Number.isNaN(d.getTime())) throw new Error(`RECOVA_CLOCK_FILE ${file}: "${text}" is not an ISO instant`);
      at = d;
      mtime = m;
    }
    return new Date(at);
  };
  return { now, today: (zone) => DateTime.fromJSDate(now()).setZone(zone).toISODate()! };
}
