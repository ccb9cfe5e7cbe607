/**
 * Local calendar days and times of day in IANA zones, fast enough for the hot path of the engine.
 *
 * Offsets come from Luxon's `IANAZone.offset` (the tz database — no hand-written DST rule). That call
 * costs ~10 µs, so offsets are memoised per zone and UTC day (local ↔ UTC conversions then use those
 * offsets the way Luxon does): when the offsets at the first and the last millisecond of a UTC day are
 * equal the whole day has that offset; otherwise the transition instant is found once by bisection on
 * Luxon's offsets. Assumption: a zone changes its offset at most once per UTC day (true of the tz data
 * for every zone in use today).
 *
 * Local day key = days since 1970-01-01 of the local calendar date (`daysFromCivil` in time/dates.ts).
 */
import { IANAZone } from 'luxon';
import { civilFromDays, daysFromCivil, isValidYmd } from '../time/dates.ts';

/** Milliseconds in a day of 24 hours. */
export const DAY_MS = 86_400_000;

/** A zone with memoised offsets; create through {@link zoneClock}. */
export class ZoneClock {
  readonly name: string;
  private readonly zone: IANAZone;
  private readonly byUtcDay = new Map<number, number>();
  private readonly transitions = new Map<number, [at: number, before: number, after: number]>();
  private lastDay = NaN;
  private lastOffset = NaN;

  constructor(name: string) {
    const zone = IANAZone.create(name);
    if (!zone.isValid) throw new RangeError(`unknown time zone "${name}"`);
    this.name = name;
    this.zone = zone;
  }

  /** UTC offset in milliseconds at the instant `ms`. */
  offsetMs(ms: number): number {
    const d = Math.floor(ms / DAY_MS);
    let o = d === this.lastDay ? this.lastOffset : this.byUtcDay.get(d);
    if (o === undefined) {
      const a = this.zone.offset(d * DAY_MS);
      const b = this.zone.offset(d * DAY_MS + DAY_MS - 1);
      if (a === b) o = a * 60_000;
      else {
        // A transition day: find the first millisecond with the new offset once (bisection on the tz data).
        let lo = d * DAY_MS, hi = d * DAY_MS + DAY_MS - 1;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (this.zone.offset(mid) === a) lo = mid;
          else hi = mid;
        }
        this.transitions.set(d, [hi, a * 60_000, b * 60_000]);
        o = NaN;
      }
      if (this.byUtcDay.size > 50_000) this.byUtcDay.clear();
      this.byUtcDay.set(d, o);
    }
    this.lastDay = d;
    this.lastOffset = o;
    if (o === o) return o;
    const [at, before, after] = this.transitions.get(d)!;
    return ms < at ? before : after;
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
   * The instant of local `dayKey` at `minuteOfDay` (0–1440). Same resolution as Luxon's `fromObject`
   * (its `fixOffset`, on the memoised tz offsets): a local time skipped by a DST gap is moved forward
   * by the gap, e.g. 02:30 on 2026-03-08 in New York → 03:30 EDT.
   */
  instantOf(dayKey: number, minuteOfDay: number): number {
    const local = dayKey * DAY_MS + minuteOfDay * 60_000;
    const o = this.offsetMs(local);
    let guess = local - o;
    const o2 = this.offsetMs(guess);
    if (o === o2) return guess;
    guess -= o2 - o;
    const o3 = this.offsetMs(guess);
    return o2 === o3 ? guess : local - Math.min(o2, o3);
  }

  /** ISO 8601 with this zone's offset, without milliseconds when they are 0: `2026-03-09T08:00:00-04:00`. */
  format(ms: number): string {
    const off = this.offsetMs(ms);
    const local = ms + off;
    const day = Math.floor(local / DAY_MS);
    const tod = local - day * DAY_MS;
    const frac = tod % 1000;
    const a = Math.abs(off) / 60_000;
    const sign = off < 0 ? '-' : '+';
    return `${civilFromDays(day)}T${formatTimeOfDay(tod)}${frac ? `.${String(frac).padStart(3, '0')}` : ''}${sign}${formatClock(a)}`;
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

function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Epoch milliseconds of an ISO 8601 instant that carries an offset: `YYYY-MM-DDTHH:MM[:SS[.fff]]` then
 * `Z` or `±HH:MM` / `±HHMM`; NaN when the text has no offset or is not a valid date-time (times without
 * an offset are ambiguous and refused). Hand-parsed by position: it runs once per history entry.
 */
export function parseInstant(text: string): number {
  if (typeof text !== 'string' || text.length < 17) return NaN;
  const s = text;
  if (s[4] !== '-' || s[7] !== '-' || (s[10] !== 'T' && s[10] !== 't') || s[13] !== ':') return NaN;
  const y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2), h = digits(s, 11, 2), mi = digits(s, 14, 2);
  let i = 16, sec = 0, frac = 0;
  if (s[i] === ':') {
    sec = digits(s, i + 1, 2);
    i += 3;
    if (s[i] === '.' || s[i] === ',') {
      let k = i + 1, scale = 100;
      for (; k < s.length; k++) {
        const c = s.charCodeAt(k) - 48;
        if (c < 0 || c > 9) break;
        frac += c * scale;
        scale /= 10;
      }
      if (k === i + 1) return NaN;
      frac = Math.floor(frac);
      i = k;
    }
  }
  let off = 0;
  const z = s[i];
  if ((z === 'Z' || z === 'z') && i + 1 === s.length) off = 0;
  else if (z === '+' || z === '-') {
    const rest = s.length - i - 1;
    const colon = rest === 5 && s[i + 3] === ':';
    if (!colon && rest !== 4) return NaN;
    const oh = digits(s, i + 1, 2), om = digits(s, i + (colon ? 4 : 3), 2);
    if (!(oh <= 23 && om <= 59)) return NaN;
    off = (z === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  } else return NaN;
  if (!(h <= 23 && mi <= 59 && sec <= 59) || !isValidYmd(y, mo, d)) return NaN;
  return daysFromCivil(y, mo, d) * DAY_MS + ((h * 60 + mi) * 60 + sec) * 1000 + frac - off;
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
