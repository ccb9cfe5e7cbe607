/**
 * Local calendar days and times of day in IANA zones, fast enough for the hot path of the engine.
 *
 * Offsets come from Luxon's `IANAZone.offset` (the tz database — no hand-written DST rule). That call
 * costs ~10 µs, so offsets are memoised per zone and UTC day: when the offset at the first and the
 * last millisecond of a UTC day are equal the whole day has that offset (tz data has no zone that
 * changes offset twice within one day and comes back); transition days ask Luxon for every instant.
 *
 * Local day key = days since 1970-01-01 of the local calendar date (`daysFromCivil` in time/dates.ts).
 */
import { DateTime, IANAZone } from 'luxon';
import { civilFromDays, daysFromCivil } from '../time/dates.ts';

/** Milliseconds in a day of 24 hours. */
export const DAY_MS = 86_400_000;

/** A zone with memoised offsets; create through {@link zoneClock}. */
export class ZoneClock {
  readonly name: string;
  private readonly zone: IANAZone;
  private readonly byUtcDay = new Map<number, number>();

  constructor(name: string) {
    const zone = IANAZone.create(name);
    if (!zone.isValid) throw new RangeError(`unknown time zone "${name}"`);
    this.name = name;
    this.zone = zone;
  }

  /** UTC offset in milliseconds at the instant `ms`. */
  offsetMs(ms: number): number {
    const d = Math.floor(ms / DAY_MS);
    let o = this.byUtcDay.get(d);
    if (o === undefined) {
      const a = this.zone.offset(d * DAY_MS);
      const b = this.zone.offset(d * DAY_MS + DAY_MS - 1);
      o = a === b ? a * 60_000 : NaN;
      if (this.byUtcDay.size > 50_000) this.byUtcDay.clear();
      this.byUtcDay.set(d, o);
    }
    return o === o ? o : this.zone.offset(ms) * 60_000;
  }

  /** Local calendar day key of the instant `ms`. */
  dayKey(ms: number): number {
    return Math.floor((ms + this.offsetMs(ms)) / DAY_MS);
  }

  /** Local time of day of the instant `ms`, in milliseconds since local midnight. */
  timeOfDayMs(ms: number): number {
    const local = ms + this.offsetMs(ms);
    return local - Math.floor(local / DAY_MS) * DAY_MS;
  }

  /**
   * The instant of local `dayKey` at `minuteOfDay` (0–1440). A local time skipped by a DST gap is moved
   * forward by the gap (Luxon's rule), e.g. 02:30 on 2026-03-08 in New York → 03:30 EDT.
   */
  instantOf(dayKey: number, minuteOfDay: number): number {
    const [y, m, d] = civilFromDays(dayKey + Math.floor(minuteOfDay / 1440)).split('-').map(Number);
    const min = minuteOfDay % 1440;
    return DateTime.fromObject({ year: y, month: m, day: d, hour: Math.floor(min / 60), minute: min % 60 }, { zone: this.zone }).toMillis();
  }

  /** ISO 8601 with this zone's offset, without milliseconds when they are 0: `2026-03-09T08:00:00-04:00`. */
  format(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.zone }).toISO({ suppressMilliseconds: true })!;
  }
}

const clocks = new Map<string, ZoneClock>();

/** The memoised {@link ZoneClock} of an IANA zone name; throws RangeError for an unknown zone. */
export function zoneClock(name: string): ZoneClock {
  let c = clocks.get(name);
  if (!c) {
    c = new ZoneClock(name);
    clocks.set(name, c);
  }
  return c;
}

/** True when `name` is an IANA zone known to the runtime's tz data. */
export function isTimeZone(name: string): boolean {
  return typeof name === 'string' && name.length > 0 && IANAZone.isValidZone(name);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Epoch milliseconds of an ISO 8601 instant that carries an offset (`Z` or `±HH:MM`); NaN when the text
 * has no offset or is not a valid date-time (times without an offset are ambiguous and refused).
 */
export function parseInstant(text: string): number {
  const m = typeof text === 'string' ? ISO.exec(text) : null;
  if (!m) return NaN;
  const y = +m[1], mo = +m[2], d = +m[3], h = +m[4], mi = +m[5], s = m[6] ? +m[6] : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return NaN;
  const days = daysFromCivil(y, mo, d);
  if (civilFromDays(days) !== `${m[1]}-${m[2]}-${m[3]}`) return NaN;
  const frac = m[7] ? Math.floor(+`0.${m[7]}` * 1000) : 0;
  let off = 0;
  if (m[8] !== 'Z') {
    const t = m[8].replace(':', '');
    const oh = +t.slice(1, 3), om = +t.slice(3, 5);
    if (oh > 23 || om > 59) return NaN;
    off = (t[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return days * DAY_MS + ((h * 60 + mi) * 60 + s) * 1000 + frac - off;
}

/** Minutes since midnight of `HH:MM` (00:00–24:00); NaN when malformed. */
export function parseClock(text: string): number {
  const m = typeof text === 'string' ? /^(\d{2}):(\d{2})$/.exec(text) : null;
  if (!m) return NaN;
  const v = +m[1] * 60 + +m[2];
  return +m[2] < 60 && v <= 1440 ? v : NaN;
}

/** `HH:MM` of a minute of the day (for messages). */
export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** `HH:MM:SS` of a time of day in milliseconds (for messages). */
export function formatTimeOfDay(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${formatClock(Math.floor(s / 60))}:${String(s % 60).padStart(2, '0')}`;
}
