/**
 * Where is the debtor? Candidate IANA zones from address and phone numbers (issue 4: "debtor local
 * time derived from address and phone"). A debtor whose sources disagree gets every candidate zone,
 * and the engine then requires a time to be allowed in all of them (Reg F §1006.6(b)(1)(i) commentary:
 * when the location is uncertain, communicate only at times convenient in every likely location).
 *
 * Choices (documented here, tested in zones.test.ts):
 * - China has one legal time (Beijing time, UTC+8): every province → `Asia/Shanghai`. Xinjiang also
 *   lives by the unofficial Xinjiang time (UTC+6, tz `Asia/Urumqi`); by default Xinjiang (and its 09xx
 *   landline area codes) gives BOTH zones, the conservative reading of "debtor local time" — pass
 *   `{ xinjiang: 'beijing' }` for Beijing time only. Hong Kong, Macau and Taiwan use their own zones.
 * - A China mobile number (11 digits, 1[3-9]…) says nothing about the province: `Asia/Shanghai`.
 * - US states that span two zones return both, the zone of most residents first; Arizona returns
 *   Phoenix (no DST) and Denver (the Navajo Nation observes DST); Alaska Anchorage and Adak.
 * - US area codes: the state's zones, or the zone(s) of the part of a split state the code serves.
 *   Sources: NANPA area-code assignments; US DOT time-zone boundaries (49 CFR part 71).
 */
import { isTimeZone } from './local-time.ts';

const SH = 'Asia/Shanghai';
const URUMQI = 'Asia/Urumqi';

const PROVINCES: Array<[string, string, string[]?]> = [
  ['北京', 'beijing'], ['天津', 'tianjin'], ['河北', 'hebei'], ['山西', 'shanxi'], ['内蒙古', 'innermongolia'], ['辽宁', 'liaoning'],
  ['吉林', 'jilin'], ['黑龙江', 'heilongjiang'], ['上海', 'shanghai'], ['江苏', 'jiangsu'], ['浙江', 'zhejiang'], ['安徽', 'anhui'],
  ['福建', 'fujian'], ['江西', 'jiangxi'], ['山东', 'shandong'], ['河南', 'henan'], ['湖北', 'hubei'], ['湖南', 'hunan'],
  ['广东', 'guangdong'], ['广西', 'guangxi'], ['海南', 'hainan'], ['重庆', 'chongqing'], ['四川', 'sichuan'], ['贵州', 'guizhou'],
  ['云南', 'yunnan'], ['西藏', 'tibet'], ['陕西', 'shaanxi'], ['甘肃', 'gansu'], ['青海', 'qinghai'], ['宁夏', 'ningxia'],
  ['新疆', 'xinjiang', [SH, URUMQI]], ['台湾', 'taiwan', ['Asia/Taipei']], ['香港', 'hongkong', ['Asia/Hong_Kong']], ['澳门', 'macau', ['Asia/Macau']],
];
const ALIASES: Record<string, string> = { neimenggu: 'innermongolia', neimongol: 'innermongolia', xizang: 'tibet', macao: 'macau', xianggang: 'hongkong', aomen: 'macau' };
const PROVINCE_BY_KEY = new Map<string, string[]>();
for (const [zh, en, zones] of PROVINCES) {
  PROVINCE_BY_KEY.set(zh, zones ?? [SH]);
  PROVINCE_BY_KEY.set(en, zones ?? [SH]);
}

/** Options of the China helpers: Xinjiang as both zones (default) or Beijing time only. */
export interface CnZoneOptions {
  xinjiang?: 'both' | 'beijing';
}

function xj(zones: string[], o: CnZoneOptions): string[] {
  return o.xinjiang === 'beijing' && zones.includes(URUMQI) ? [SH] : zones;
}

/**
 * Zones of a Chinese province-level division, in Chinese (`广东省`, `新疆维吾尔自治区`, `北京市`) or
 * pinyin/English (`Guangdong`, `Inner Mongolia`, `Hong Kong`); null when not recognised.
 */
export function cnProvinceZones(province: string, o: CnZoneOptions = {}): string[] | null {
  const s = province.trim().replace(/(壮族自治区|回族自治区|维吾尔自治区|特别行政区|自治区|省|市)$/u, '');
  const key = /^[\p{Script=Han}]+$/u.test(s) ? s : s.toLowerCase().replace(/[^a-z]/g, '').replace(/(province|municipality|autonomousregion|sar)$/, '');
  const zones = PROVINCE_BY_KEY.get(key) ?? PROVINCE_BY_KEY.get(ALIASES[key] ?? '');
  return zones ? xj([...zones], o) : null;
}

/**
 * Zones of a mainland China phone number (`13800138000`, `+86 138…`, `0991-1234567`): mobiles →
 * `Asia/Shanghai`; landlines by area code (Xinjiang's 0901–0909 and 0990–0999 → see module comment);
 * null when not a mainland number.
 */
export function cnPhoneZones(phone: string, o: CnZoneOptions = {}): string[] | null {
  let d = phone.replace(/[^\d+]/g, '');
  d = d.replace(/^(\+86|0086)/, '');
  if (/^86(1[3-9]\d{9})$/.test(d)) d = d.slice(2);
  if (/^1[3-9]\d{9}$/.test(d)) return [SH];
  if (!/^0\d{9,11}$/.test(d)) return null;
  return /^09(0[1-9]|9\d)/.test(d) ? xj([SH, URUMQI], o) : [SH];
}

const E = 'America/New_York', C = 'America/Chicago', M = 'America/Denver', P = 'America/Los_Angeles';

/** US states, DC and territories → zones (most residents' zone first). */
const STATE_ZONES: Record<string, string[]> = {
  AL: [C], AK: ['America/Anchorage', 'America/Adak'], AZ: ['America/Phoenix', M], AR: [C], CA: [P], CO: [M], CT: [E], DE: [E], DC: [E],
  FL: [E, C], GA: [E], HI: ['Pacific/Honolulu'], ID: ['America/Boise', P], IL: [C], IN: ['America/Indiana/Indianapolis', C], IA: [C],
  KS: [C, M], KY: [E, C], LA: [C], ME: [E], MD: [E], MA: [E], MI: ['America/Detroit', 'America/Menominee'], MN: [C], MS: [C], MO: [C],
  MT: [M], NE: [C, M], NV: [P], NH: [E], NJ: [E], NM: [M], NY: [E], NC: [E], ND: [C, M], OH: [E], OK: [C], OR: [P, 'America/Boise'],
  PA: [E], RI: [E], SC: [E], SD: [C, M], TN: [C, E], TX: [C, M], UT: [M], VT: [E], VA: [E], WA: [P], WV: [E], WI: [C], WY: [M],
  PR: ['America/Puerto_Rico'], VI: ['America/St_Thomas'], GU: ['Pacific/Guam'], MP: ['Pacific/Saipan'], AS: ['Pacific/Pago_Pago'],
};

/**
 * Zones of a US state / DC / territory postal code (`TX` → Chicago and Denver); null when unknown.
 * Two-zone states: AK AZ FL ID IN KS KY MI NE ND OR SD TN TX.
 */
export function usStateZones(state: string): string[] | null {
  const z = STATE_ZONES[state.trim().toUpperCase()];
  return z ? [...z] : null;
}

/** Geographic area codes per state (NANPA; overlays included). */
const AREA_CODES: Record<string, string> = {
  AL: '205 251 256 334 659 938', AK: '907', AZ: '480 520 602 623 928', AR: '327 479 501 870',
  CA: '209 213 279 310 323 341 350 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 747 760 805 818 820 831 840 858 909 916 925 949 951',
  CO: '303 719 720 970 983', CT: '203 475 860 959', DE: '302', DC: '202 771',
  FL: '239 305 321 352 386 407 448 561 656 689 727 754 772 786 813 850 863 904 941 954', GA: '229 404 470 478 678 706 762 770 912 943',
  HI: '808', ID: '208 986', IL: '217 224 309 312 331 447 464 618 630 708 773 779 815 847 861 872', IN: '219 260 317 463 574 765 812 930',
  IA: '319 515 563 641 712', KS: '316 620 785 913', KY: '270 364 502 606 859', LA: '225 318 337 504 985', ME: '207',
  MD: '227 240 301 410 443 667', MA: '339 351 413 508 617 774 781 857 978', MI: '231 248 269 313 517 586 616 679 734 810 906 947 989',
  MN: '218 320 507 612 651 763 952', MS: '228 601 662 769', MO: '314 417 557 573 636 660 816 975', MT: '406', NE: '308 402 531',
  NV: '702 725 775', NH: '603', NJ: '201 551 609 640 732 848 856 862 908 973', NM: '505 575',
  NY: '212 315 332 347 363 516 518 585 607 631 646 680 716 718 838 845 914 917 929 934', NC: '252 336 704 743 828 910 919 980 984',
  ND: '701', OH: '216 220 234 326 330 380 419 440 513 567 614 740 937', OK: '405 539 572 580 918', OR: '458 503 541 971',
  PA: '215 223 267 272 412 445 484 570 582 610 717 724 814 835 878', RI: '401', SC: '803 839 843 854 864', SD: '605',
  TN: '423 615 629 731 865 901 931', TX: '210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 915 936 940 945 956 972 979',
  UT: '385 435 801', VT: '802', VA: '276 434 540 571 703 757 804 826 948', WA: '206 253 360 425 509 564', WV: '304 681',
  WI: '262 274 414 534 608 715 920', WY: '307', PR: '787 939', VI: '340', GU: '671', MP: '670', AS: '684',
};

/** Area codes of split states that do not take the state's zones as listed: the zone(s) of the part they serve. */
const AREA_OVERRIDES: Record<string, string[]> = {
  // Florida: the western panhandle is Central.
  '850': [C, E], '448': [C, E],
  // Tennessee: east Tennessee is Eastern, the rest Central.
  '423': [E], '865': [E], '615': [C], '629': [C], '731': [C], '901': [C], '931': [C],
  // Kentucky: the west is Central.
  '270': [C, E], '364': [C, E], '502': [E], '606': [E], '859': [E],
  // Indiana: the north-west and south-west corners are Central.
  '219': [C, 'America/Indiana/Indianapolis'], '812': ['America/Indiana/Indianapolis', C], '930': ['America/Indiana/Indianapolis', C],
  '574': ['America/Indiana/Indianapolis', C], '260': ['America/Indiana/Indianapolis'], '317': ['America/Indiana/Indianapolis'],
  '463': ['America/Indiana/Indianapolis'], '765': ['America/Indiana/Indianapolis'],
  // Michigan: four Upper Peninsula counties are Central.
  '906': ['America/Detroit', 'America/Menominee'],
  // Texas: El Paso and Hudspeth/Culberson are Mountain.
  '915': [M], '432': [C, M],
  // Kansas, Nebraska, Dakotas: the western parts are Mountain.
  '316': [C], '913': [C], '620': [C, M], '785': [C, M], '402': [C], '531': [C], '308': [C, M], '605': [C, M], '701': [C, M],
  // Oregon: Malheur County is Mountain. Idaho: the panhandle is Pacific.
  '503': [P], '971': [P], '541': [P, 'America/Boise'], '458': [P, 'America/Boise'], '208': ['America/Boise', P], '986': ['America/Boise', P],
};

/** Split states whose other area codes lie wholly in the state's main zone (Texas, Florida, Michigan). */
const MAIN_ZONE_ONLY = new Set(['TX', 'FL', 'MI']);

const ZONES_BY_AREA = new Map<string, string[]>();
for (const [state, codes] of Object.entries(AREA_CODES)) {
  for (const code of codes.split(' ')) ZONES_BY_AREA.set(code, AREA_OVERRIDES[code] ?? (MAIN_ZONE_ONLY.has(state) ? STATE_ZONES[state].slice(0, 1) : STATE_ZONES[state]));
}

/** Zones of a US area code (`212` → New York; `850` → Chicago and New York); null when not in the table. */
export function usAreaCodeZones(areaCode: string | number): string[] | null {
  const z = ZONES_BY_AREA.get(String(areaCode).trim());
  return z ? [...z] : null;
}

/** Zones of a US phone number (`+12125550123`, `(212) 555-0123`, `1-212-555-0123`); null when not a NANP US number in the table. */
export function usPhoneZones(phone: string): string[] | null {
  let d = phone.replace(/;ext=.*$/i, '').replace(/\D/g, '');
  if (d.length === 11 && d.startsWith('1')) d = d.slice(1);
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(d) ? usAreaCodeZones(d.slice(0, 3)) : null;
}

/** Where the debtor may be: address and phone hints (any may be missing). */
export interface LocationHints {
  country?: 'CN' | 'US';
  /** CN province (name) or US state (postal code) of the address. */
  region?: string;
  phones?: string[];
  /** Zones already known (e.g. set by a collector); come first. */
  zones?: string[];
}

/**
 * Candidate zones, deduplicated, in order: known zones, the address's zones, then the phones' zones.
 * An empty result means "unknown" (the rule set's default zones apply). Unknown zone names are dropped.
 */
export function deriveTimeZones(h: LocationHints, o: CnZoneOptions = {}): string[] {
  const out: string[] = [];
  const add = (zs: string[] | null) => {
    for (const z of zs ?? []) if (!out.includes(z) && isTimeZone(z)) out.push(z);
  };
  add(h.zones ?? null);
  if (h.region) add(h.country === 'US' ? usStateZones(h.region) : h.country === 'CN' ? cnProvinceZones(h.region, o) : (cnProvinceZones(h.region, o) ?? usStateZones(h.region)));
  for (const p of h.phones ?? []) add(h.country === 'US' ? usPhoneZones(p) : h.country === 'CN' ? cnPhoneZones(p, o) : (cnPhoneZones(p, o) ?? usPhoneZones(p)));
  return out;
}
