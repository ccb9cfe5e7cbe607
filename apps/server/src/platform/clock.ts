/**
 * Time source, passed in everywhere so that tests control "now" (design.md §6.1).
 */
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
