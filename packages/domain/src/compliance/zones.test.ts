import { describe, expect, it } from 'vitest';
import { isTimeZone } from './local-time.ts';
import { cnPhoneZones, cnProvinceZones, deriveTimeZones, usAreaCodeZones, usPhoneZones, usStateZones } from './zones.ts';

const E = 'America/New_York', C = 'America/Chicago', M = 'America/Denver', P = 'America/Los_Angeles';

describe('China', () => {
  it.each<[string, string[] | null]>([
    ['广东省', ['Asia/Shanghai']], ['北京市', ['Asia/Shanghai']], ['内蒙古自治区', ['Asia/Shanghai']], ['广西壮族自治区', ['Asia/Shanghai']],
    ['宁夏回族自治区', ['Asia/Shanghai']], ['新疆维吾尔自治区', ['Asia/Shanghai', 'Asia/Urumqi']], ['新疆', ['Asia/Shanghai', 'Asia/Urumqi']],
    ['Xinjiang', ['Asia/Shanghai', 'Asia/Urumqi']], ['Inner Mongolia', ['Asia/Shanghai']], ['Guangdong Province', ['Asia/Shanghai']], ['xizang', ['Asia/Shanghai']],
    ['香港特别行政区', ['Asia/Hong_Kong']], ['Macao', ['Asia/Macau']], ['台湾省', ['Asia/Taipei']], ['Atlantis', null], ['', null],
  ])('province %s → %j', (p, z) => expect(cnProvinceZones(p)).toEqual(z));

  it('Xinjiang as Beijing time only when asked', () => {
    expect(cnProvinceZones('新疆维吾尔自治区', { xinjiang: 'beijing' })).toEqual(['Asia/Shanghai']);
    expect(cnPhoneZones('0991-1234567', { xinjiang: 'beijing' })).toEqual(['Asia/Shanghai']);
  });

  it.each<[string, string[] | null]>([
    ['13800138000', ['Asia/Shanghai']], ['+86 138 0013 8000', ['Asia/Shanghai']], ['008613800138000', ['Asia/Shanghai']],
    ['010-85551234', ['Asia/Shanghai']], ['0755-88887777', ['Asia/Shanghai']], ['0991-1234567', ['Asia/Shanghai', 'Asia/Urumqi']],
    ['0903-1234567', ['Asia/Shanghai', 'Asia/Urumqi']], ['12345', null], ['+12125550123', null],
  ])('phone %s → %j', (p, z) => expect(cnPhoneZones(p)).toEqual(z));
});

describe('United States', () => {
  it.each(['TN', 'KY', 'IN', 'FL', 'TX', 'ND', 'SD', 'NE', 'KS', 'OR', 'ID', 'MI', 'AK', 'AZ'])('%s spans two zones', (s) => expect(usStateZones(s)).toHaveLength(2));
  it.each<[string, string[] | null]>([
    ['NY', [E]], ['ca', [P]], ['IL', [C]], ['TX', [C, M]], ['TN', [C, E]], ['FL', [E, C]], ['HI', ['Pacific/Honolulu']], ['PR', ['America/Puerto_Rico']], ['ZZ', null],
  ])('state %s → %j', (s, z) => expect(usStateZones(s)).toEqual(z));

  it.each<[string | number, string[] | null]>([
    [212, [E]], ['646', [E]], [312, [C]], [713, [C]], [214, [C]], [213, [P]], [415, [P]], [305, [E]], [404, [E]], [602, ['America/Phoenix', M]],
    [303, [M]], [206, [P]], [617, [E]], [808, ['Pacific/Honolulu']], [907, ['America/Anchorage', 'America/Adak']],
    [850, [C, E]], [915, [M]], [423, [E]], [901, [C]], [270, [C, E]], [906, ['America/Detroit', 'America/Menominee']], [541, [P, 'America/Boise']],
    [999, null], ['abc', null],
  ])('area code %s → %j', (a, z) => expect(usAreaCodeZones(a)).toEqual(z));

  it.each<[string, string[] | null]>([
    ['+12125550123', [E]], ['(312) 555-0100', [C]], ['1-213-555-0100', [P]], ['+12125550123;ext=12', [E]], ['555-0100', null], ['+1 012 555 0100', null],
  ])('phone %s → %j', (p, z) => expect(usPhoneZones(p)).toEqual(z));

  it('every zone in the tables is a real IANA zone', () => {
    const states = 'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU MP AS'.split(' ');
    const zones = new Set(states.flatMap((s) => usStateZones(s)!));
    for (let a = 200; a < 1000; a++) for (const z of usAreaCodeZones(a) ?? []) zones.add(z);
    for (const z of zones) expect(isTimeZone(z), z).toBe(true);
    expect(states.every((s) => usStateZones(s))).toBe(true);
  });
});

describe('deriveTimeZones', () => {
  it('address Central + phone Eastern → both, address first', () => {
    expect(deriveTimeZones({ country: 'US', region: 'IL', phones: ['+12125550123'] })).toEqual([C, E]);
  });
  it('duplicates are dropped, known zones come first', () => {
    expect(deriveTimeZones({ zones: [E], country: 'US', region: 'NY', phones: ['+12125550123', '+13125550100'] })).toEqual([E, C]);
  });
  it('CN: mobile + Xinjiang address', () => {
    expect(deriveTimeZones({ country: 'CN', region: '新疆维吾尔自治区', phones: ['13800138000'] })).toEqual(['Asia/Shanghai', 'Asia/Urumqi']);
  });
  it('nothing known → empty (the rule set default applies); bad zones dropped', () => {
    expect(deriveTimeZones({})).toEqual([]);
    expect(deriveTimeZones({ zones: ['Mars/Olympus'] })).toEqual([]);
  });
});
