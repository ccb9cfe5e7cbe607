/**
 * Phone numbers read from client files, normalised so the same number always has the same text.
 *
 * Canonical forms (source: MIIT numbering plan — mobiles are 11 digits starting 1[3-9], landlines are
 * a trunk "0" + 2–3 digit area code (3-digit codes only 010 and 02x) + a 7–8 digit local number
 * starting 2–9, 400/800 are 10-digit service numbers; NANP for US numbers NXX-NXX-XXXX; RFC 3966
 * `;ext=`):
 * - mainland mobile: `13800138000`
 * - landline: `010-85551234`, with extension `0755-88887777-123`
 * - service number: `4008208820`
 * - US: `+12025550123`, with extension `+12025550123;ext=12`
 * Samples: `shared/samples/import/*` (手机 as numeric cells, 010-85551234 text).
 */
import { type Cell } from '../imports/cell.ts';
import { numericCellDigits, unwrapExcelText } from '../identity/id-number.ts';

/** What a normalised number is: mainland mobile, mainland landline, 400/800 service number, or US (NANP). */
export type PhoneKind = 'mobile' | 'landline' | 'service' | 'us';

/** Result of {@link parsePhone}: `value` is the canonical text (see the module comment). */
export type PhoneResult = { ok: true; value: string; kind: PhoneKind } | { ok: false; code: 'PHONE_INVALID'; message: string };

const MOBILE = /^1[3-9]\d{9}$/;
const LOCAL = /^[2-9]\d{6,7}$/;
const EXT = /\s*(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$/i;

/** Kind of an already normalised phone (output of {@link parsePhone}), or null when it is not in a canonical form. */
export function phoneKind(normalized: string): PhoneKind | null {
  if (MOBILE.test(normalized)) return 'mobile';
  if (/^0(10|2\d|[3-9]\d{2})-[2-9]\d{6,7}(-\d{1,6})?$/.test(normalized)) return 'landline';
  if (/^[48]00\d{7}$/.test(normalized)) return 'service';
  if (/^\+1[2-9]\d{2}[2-9]\d{6}(;ext=\d{1,6})?$/.test(normalized)) return 'us';
  return null;
}

type Parsed = { ok: true; value: string; kind: PhoneKind } | { ok: false; reason: string };

function us(digits: string, ext: string | undefined): Parsed {
  const d = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  if (!/^[2-9]\d{2}[2-9]\d{6}$/.test(d)) return { ok: false, reason: 'is not a US number (10 digits NXX-NXX-XXXX)' };
  return { ok: true, value: `+1${d}${ext ? `;ext=${ext}` : ''}`, kind: 'us' };
}

/** Mainland number without country code; `groups` are the digit runs as separated in the input. */
function cn(digits: string, groups: string[], ext: string | undefined, international: boolean): Parsed {
  const mobile = MOBILE.test(digits) ? digits : /^01[3-9]\d{9}$/.test(digits) ? digits.slice(1) : null;
  if (mobile) return ext ? { ok: false, reason: 'is a mobile number with an extension' } : { ok: true, value: mobile, kind: 'mobile' };
  if (/^[48]00\d{7}$/.test(digits)) return ext ? { ok: false, reason: 'is a service number with an extension' } : { ok: true, value: digits, kind: 'service' };
  let d = digits;
  if (international && /^[1-9]/.test(d)) d = `0${d}`; // +86 10 8555 1234 drops the trunk 0
  if (!d.startsWith('0')) {
    if (LOCAL.test(d)) return { ok: false, reason: 'has no area code (a landline needs e.g. 010- or 0755-)' };
    return { ok: false, reason: 'is neither a mainland mobile (11 digits starting 13–19) nor a landline (0 + area code + number)' };
  }
  const areaLen = /^0(10|2\d)/.test(d) ? 3 : 4;
  const area = d.slice(0, areaLen);
  if (!/^0(10|2\d|[3-9]\d{2})$/.test(area)) return { ok: false, reason: `has an unknown area code ${area}` };
  let local = d.slice(areaLen);
  let extension = ext;
  const last = groups[groups.length - 1];
  if (!LOCAL.test(local) && !extension && groups.length >= 3 && last.length <= 6 && LOCAL.test(local.slice(0, -last.length))) {
    extension = last;
    local = local.slice(0, -last.length);
  }
  if (!LOCAL.test(local)) return { ok: false, reason: `has a local number ${local || '(none)'} after area code ${area} that is not 7–8 digits starting 2–9` };
  return { ok: true, value: `${area}-${local}${extension ? `-${extension}` : ''}`, kind: 'landline' };
}

/** Parse the text of a phone cell (already NFKC-normalised and unwrapped). */
function parseText(s: string, region: 'CN' | 'US'): Parsed {
  if (s === '') return { ok: false, reason: 'is empty' };
  if (s.split(/[/,;、|]|\s{2,}/).filter((p) => (p.match(/\d/g) ?? []).length >= 7).length > 1)
    return { ok: false, reason: 'holds more than one number; put each number in its own column' };
  let rest = s;
  let ext: string | undefined;
  const e = EXT.exec(rest);
  if (e && e.index > 0) {
    ext = e[1];
    rest = rest.slice(0, e.index);
  }
  rest = rest.trim();
  let intl = false;
  if (rest.startsWith('+')) [intl, rest] = [true, rest.slice(1)];
  else if (rest.startsWith('00')) [intl, rest] = [true, rest.slice(2)];
  if (!/^[\d\s\-().]+$/.test(rest)) return { ok: false, reason: 'contains characters other than digits, spaces, dashes, dots and parentheses' };
  const groups = rest.split(/[\s\-().]+/).filter(Boolean);
  let digits = groups.join('');
  if (intl) {
    if (digits.startsWith('86')) {
      groups[0] = groups[0].slice(2);
      if (groups[0] === '') groups.shift();
      return cn(digits.slice(2), groups, ext, true);
    }
    if (digits.startsWith('1')) return us(digits, ext);
    return { ok: false, reason: `has country code +${digits.slice(0, 3)}…; only +86 and +1 are supported` };
  }
  if (region === 'US') return us(digits, ext);
  if (/^861[3-9]\d{9}$/.test(digits)) digits = digits.slice(2);
  return cn(digits, groups, ext, false);
}

/**
 * Read a phone cell and normalise it (see the module comment for canonical forms).
 * Accepts: +86 / 0086 / 86 before a mobile, +1 / 001 (or `region` 'US') for NANP numbers, spaces,
 * dashes, dots, parentheses, full-width characters (NFKC), `="…"`, a leading trunk 0 before a mobile,
 * a numeric cell whose landline lost its leading 0 (1085551234 → 010-85551234; no other reading exists),
 * extensions written `转 123`, `分机123`, `ext 12`, `x12`, `#12` or as a trailing `-123` group after a
 * complete landline; numeric cells holding the digits (13800138000). Rejected (PHONE_INVALID, message
 * quotes the value and says why): landlines without area code, two numbers in one cell, letters,
 * other country codes, numeric cells with a fraction or 16+ digits.
 */
export function parsePhone(cell: Cell, region: 'CN' | 'US' = 'CN'): PhoneResult {
  let text: string;
  if (cell === null) text = '';
  else if (cell.t === 'n') {
    const d = numericCellDigits(cell.v);
    if (!d.ok) return { ok: false, code: 'PHONE_INVALID', message: `Phone number ${cell.v} from a numeric cell is not a whole number of at most 15 digits` };
    text = d.digits;
  } else if (cell.t === 's') text = unwrapExcelText(cell.v.normalize('NFKC'));
  else return { ok: false, code: 'PHONE_INVALID', message: `Phone cell holds a ${cell.t === 'd' ? 'date' : 'boolean'}, not a phone number` };
  let r = parseText(text, region);
  if (r.ok) return r;
  if (cell?.t === 'n' && region === 'CN' && /^[1-9]\d{9,10}$/.test(text)) {
    // Excel drops the trunk 0 of a landline typed into a number cell (010-85551234 → 1085551234).
    const restored = cn(`0${text}`, [`0${text}`], undefined, false);
    if (restored.ok && restored.kind === 'landline') return restored;
  }
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return { ok: false, code: 'PHONE_INVALID', message: `Phone number "${shown}" ${r.reason}` };
}
