/**
 * Deterministic generator of realistic Chinese collection portfolios (all people, numbers and
 * companies invented), for the demo data (`recova demo`) and the benchmark (`--cases 1000000`).
 *
 * - {@link generateCases} streams {@link DemoCase}s: every case is drawn from its own mulberry32
 *   stream seeded by (seed, case number), so case N is identical whatever `count`/`startRef` is,
 *   and memory stays flat. About 2% of cases reuse an earlier debtor of the batch (共债).
 * - `portfolio-files.ts` writes them as CSV / .xlsx (canonical zh-CN headers of design.md §4; 5 contact
 *   groups) with bounded memory, and the project's demo portfolio. Money is integer fen in the model
 *   and decimal yuan in files.
 *
 * Identifiers look real but are invented: resident IDs use real region prefixes with a valid
 * ISO 7064 MOD 11-2 check character; cards are 16-digit Luhn-valid 62xxxx numbers; mobiles are
 * 1[3-9]x 11-digit numbers and landlines carry the city's area code. Mobile and landline numbers are
 * syntactically valid and may exist: never let a messaging or dialer integration contact demo data.
 */
import { civilFromDays, daysFromCivil } from '@recova/domain/time/dates';

export type Product = '信用卡' | '现金贷' | '消费分期' | '车贷';
export type Relation = '配偶' | '父母' | '子女' | '兄弟姐妹' | '朋友' | '同事' | '亲属';
export interface DemoContact { name: string; relation: Relation; mobile: string }

/** One generated case with canonical field names (money in integer fen, dates `YYYY-MM-DD`). */
export interface DemoCase {
  client_case_ref: string;
  debtor_name: string;
  gender: 'male' | 'female';
  id_number: string;
  mobile: string;
  home_phone: string | null;
  work_phone: string | null;
  card_number: string;
  product: Product;
  currency: 'CNY';
  /** fen; = principal + interest + penalty + late_fee */
  placed_amount: number;
  principal: number;
  interest: number;
  penalty: number;
  late_fee: number;
  overdue_date: string;
  /** days from overdue_date to placement_date (the client's DPD at placement) */
  client_dpd: number;
  last_payment_date: string | null;
  /** fen */
  last_payment_amount: number | null;
  placement_date: string;
  province: string;
  city: string;
  /** collection region: 华北 / 华东 / 华南 / 西南 / 华中 */
  region: string;
  home_address: string;
  employer: string | null;
  work_address: string | null;
  comment: string | null;
  /** 1–15 contacts, weighted toward 2–4 */
  contacts: DemoContact[];
}

export interface GenerateOptions {
  seed: number;
  count: number;
  clientCode: string;
  batchNo: string;
  /** YYYY-MM-DD */
  placementDate: string;
  /** number of the first case (default 1); refs are `${clientCode}${batchNo}-000001` */
  startRef?: number;
  /** product mix as [product, weight]; default: all credit cards */
  products?: readonly (readonly [Product, number])[];
  /** restrict debtors to these collection regions (e.g. ['华东']); default all */
  regions?: readonly string[];
}

// ---------------------------------------------------------------- random numbers

/** mulberry32 (Tommy Ettinger), one stream per case. */
class Rng {
  constructor(private s: number) {}
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = Math.imul(this.s ^ (this.s >>> 15), 1 | this.s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(a: readonly T[]): T { return a[Math.floor(this.next() * a.length)]; }
  digits(n: number): string { let s = ''; for (let i = 0; i < n; i++) s += Math.floor(this.next() * 10); return s; }
  /** standard normal (Box–Muller) */
  normal(): number { return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next()); }
  weighted<T>(w: Weighted<T>): T {
    const x = this.next() * w.total;
    let lo = 0, hi = w.cum.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (w.cum[mid] > x) hi = mid; else lo = mid + 1; }
    return w.items[lo];
  }
}
interface Weighted<T> { items: T[]; cum: number[]; total: number }
function weighted<T>(pairs: readonly (readonly [T, number])[]): Weighted<T> {
  let total = 0;
  const cum = pairs.map(([, w]) => (total += w));
  return { items: pairs.map(([v]) => v), cum, total };
}
function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
const rngFor = (seed: number, n: number, salt: number) => new Rng(mix32(mix32(seed ^ Math.imul(salt, 0x27d4eb2f)) ^ Math.imul(n, 0x9e3779b1)));

// ---------------------------------------------------------------- reference tables

// Surname frequencies (per 10,000, approximate national shares).
const SURNAMES = weighted(
  ('王712 李700 张660 刘540 陈460 杨310 黄220 赵200 吴200 周190 徐150 孙150 马140 朱130 胡130 郭110 何110 林110 高100 罗100 郑80 梁80 ' +
    '谢70 宋70 唐70 许60 韩60 冯60 邓60 曹60 彭60 曾50 肖50 田50 董50 袁40 潘40 于40 蒋40 蔡40 余40 杜40 叶40 程40 苏30 魏30 吕30 丁30 ' +
    '任30 沈30 姚30 卢30 姜30 崔30 钟30 谭30 陆30 汪30 范30 金30 石30 廖30 贾30 夏30 韦30 付30 方20 白20 邹20 孟20 熊20 秦20 邱20 江20 ' +
    '尹20 薛20 闫20 段20 雷20 侯20 龙20 史20 陶20 黎20 贺20 顾20 毛20 郝20 龚20 邵20 万20 钱20 严20 覃10 武20 戴20 莫10 孔10 向10 汤10 欧阳5 诸葛1')
    .split(' ').map((s) => [s.replace(/\d+$/, ''), Number(/\d+$/.exec(s)![0])] as const),
);
const MALE = [...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁浩宇俊帅亮峰建国志文海林东晨阳凯龙彬坤博健庆春永胜德成振兴宏锋'];
const FEMALE = [...'芳娜敏静丽艳娟霞燕秀玲桂婷雪慧颖琳倩洁晶萍红梅莉丹蕾佳欣悦怡璐瑶琪薇月英兰凤琴云珍雯露'];

interface City { province: string; city: string; area: string; localLen: number; region: string; weight: number; districts: string[]; ids: [string, string][] }
const c = (province: string, city: string, area: string, localLen: number, region: string, weight: number, districts: string, ids: string): City => ({
  province, city, area, localLen, region, weight, districts: districts.split(' '),
  ids: ids.split(' ').map((s) => [s.slice(0, 6), s.slice(6)] as [string, string]),
});
/** Real 6-digit administrative division codes (GB/T 2260) with their district, grouped by city. */
const CITIES: City[] = [
  c('北京市', '北京市', '010', 8, '华北', 8, '东城区 西城区 朝阳区 海淀区 丰台区 通州区 昌平区', '110101东城区 110105朝阳区 110108海淀区'),
  c('天津市', '天津市', '022', 8, '华北', 3, '和平区 河西区 南开区 河东区', '120101和平区 120104南开区'),
  c('河北省', '石家庄市', '0311', 8, '华北', 3, '长安区 桥西区 新华区 裕华区', '130102长安区 130104桥西区'),
  c('山西省', '太原市', '0351', 7, '华北', 2, '小店区 迎泽区 杏花岭区', '140105小店区 140106迎泽区'),
  c('上海市', '上海市', '021', 8, '华东', 8, '徐汇区 浦东新区 静安区 闵行区 杨浦区 长宁区', '310104徐汇区 310115浦东新区 310112闵行区'),
  c('江苏省', '南京市', '025', 8, '华东', 4, '玄武区 鼓楼区 秦淮区 建邺区', '320102玄武区 320106鼓楼区'),
  c('江苏省', '苏州市', '0512', 8, '华东', 4, '姑苏区 吴中区 虎丘区 相城区', '320506吴中区 320508姑苏区'),
  c('浙江省', '杭州市', '0571', 8, '华东', 5, '西湖区 拱墅区 上城区 滨江区 余杭区', '330106西湖区 330108滨江区'),
  c('山东省', '青岛市', '0532', 8, '华东', 3, '市南区 市北区 崂山区 黄岛区', '370202市南区 370212崂山区'),
  c('福建省', '厦门市', '0592', 7, '华东', 2, '思明区 湖里区 集美区', '350203思明区 350206湖里区'),
  c('安徽省', '合肥市', '0551', 8, '华东', 3, '蜀山区 包河区 庐阳区 瑶海区', '340104蜀山区 340111包河区'),
  c('江西省', '南昌市', '0791', 8, '华东', 2, '东湖区 西湖区 青山湖区 红谷滩区', '360102东湖区 360103西湖区'),
  c('广东省', '深圳市', '0755', 8, '华南', 7, '南山区 福田区 罗湖区 宝安区 龙岗区', '440305南山区 440304福田区 440306宝安区'),
  c('广东省', '广州市', '020', 8, '华南', 6, '天河区 越秀区 海珠区 白云区 番禺区', '440106天河区 440104越秀区'),
  c('广西壮族自治区', '南宁市', '0771', 7, '华南', 2, '青秀区 兴宁区 西乡塘区 江南区', '450103青秀区 450102兴宁区'),
  c('海南省', '海口市', '0898', 8, '华南', 1, '秀英区 龙华区 美兰区', '460105秀英区 460106龙华区'),
  c('四川省', '成都市', '028', 8, '西南', 6, '武侯区 锦江区 青羊区 金牛区 成华区', '510107武侯区 510104锦江区'),
  c('重庆市', '重庆市', '023', 8, '西南', 5, '渝中区 江北区 渝北区 南岸区 沙坪坝区', '500103渝中区 500112渝北区'),
  c('云南省', '昆明市', '0871', 8, '西南', 2, '五华区 盘龙区 官渡区 西山区', '530102五华区 530103盘龙区'),
  c('贵州省', '贵阳市', '0851', 8, '西南', 2, '南明区 云岩区 观山湖区', '520102南明区 520103云岩区'),
  c('湖北省', '武汉市', '027', 8, '华中', 5, '武昌区 江汉区 洪山区 江岸区 汉阳区', '420106武昌区 420103江汉区'),
  c('湖南省', '长沙市', '0731', 8, '华中', 4, '岳麓区 芙蓉区 天心区 开福区 雨花区', '430104岳麓区 430102芙蓉区'),
  c('河南省', '郑州市', '0371', 8, '华中', 4, '金水区 二七区 中原区 管城回族区', '410105金水区 410103二七区'),
];
/** Every ID region prefix used, for tests and docs. */
export const ID_REGION_PREFIXES: readonly string[] = CITIES.flatMap((x) => x.ids.map(([code]) => code));

const ROADS = '人民 解放 中山 建设 和平 新华 文化 光明 胜利 朝阳 长江 黄河 东风 青年 学府 科技 创业 发展 金融 滨河 幸福 振兴 锦绣 花园 工业'.split(' ');
const ROAD_SUFFIX = ['路', '路', '路', '东路', '西路', '南路', '北路', '中路', '大道', '街'];
const ESTATE_A = ['阳光', '锦绣', '翠湖', '金色', '幸福', '和谐', '春晖', '银河', '滨江', '明珠', '紫荆', '融汇', '怡景', '丽景', '碧水', '枫林', '盛世', '书香', '景园', '华府'];
const ESTATE_B = ['花园', '家园', '雅苑', '华庭', '名苑', '新村', '公寓', '嘉园'];
const TOWER = ['大厦', '中心', '广场', '国际', '创业园', '科技园'];
const CO_SYL = [...'恒信达华瑞泰宏鑫博远嘉盛联创汇通鼎新源润智天安和丰宇凯隆昌铭启航星辰佳'];
const INDUSTRY = ['科技', '贸易', '商贸', '建筑工程', '物流', '餐饮管理', '电子', '信息技术', '装饰工程', '机械设备', '文化传媒', '物业管理', '医药', '服装', '汽车服务', '网络科技', '教育咨询', '家居'];
const MOBILE_PREFIX = '130 131 132 133 134 135 136 137 138 139 147 150 151 152 153 155 156 157 158 159 166 173 175 176 177 178 180 181 182 183 185 186 187 188 189 191 193 195 198 199'.split(' ');
const CARD_BIN = ['622588', '622575', '622848', '622700', '622202', '621700', '625809', '628290', '622155', '625965', '622630', '628266'];
const COMMENTS = [
  '客户称已失业，暂无还款能力', '本人承诺月底前还款', '家庭地址已变更，需核实', '家人代还部分欠款', '曾投诉，沟通注意语气',
  '本人手机疑似停机', '协商分期中，待审批', '客户称"下周一定还"', '联系人表示不认识本人', '客户对滞纳金有异议, 要求核实账单',
  '外地务工，联系困难', '客户住院治疗中',
];
const OTHER_RELATIONS: Relation[] = ['兄弟姐妹', '朋友', '同事', '亲属'];
const BUCKETS = weighted([[[1, 30], 26], [[31, 60], 19], [[61, 90], 14], [[91, 120], 10], [[121, 150], 8], [[151, 180], 6], [[181, 0], 17]] as const);
const CONTACT_COUNT = weighted([[1, 12], [2, 28], [3, 25], [4, 15], [5, 8], [6, 4], [7, 2.5], [8, 1.5], [9, 1], [10, 0.8], [11, 0.6], [12, 0.5], [13, 0.4], [14, 0.3], [15, 0.4]] as const);
/** log-normal placed amount per product: median yuan, sigma */
const AMOUNT: Record<Product, [number, number]> = { 信用卡: [12000, 0.9], 现金贷: [8000, 0.8], 消费分期: [6000, 0.8], 车贷: [80000, 0.6] };
const MAX_FEN = 50_000_000; // 500,000 yuan
const MIN_FEN = 50_000; // 500 yuan

// ---------------------------------------------------------------- generators

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** ISO 7064 MOD 11-2 check character of the first 17 digits of a resident ID. */
export function idCheckChar(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return '10X98765432'[s % 11];
}
/** Luhn check digit for a digit string (appended at the end). */
export function luhnCheckDigit(body: string): string {
  let s = 0;
  for (let i = body.length - 1, dbl = true; i >= 0; i--, dbl = !dbl) {
    let d = body.charCodeAt(i) - 48;
    if (dbl && (d *= 2) > 9) d -= 9;
    s += d;
  }
  return String((10 - (s % 10)) % 10);
}

const mobile = (r: Rng) => r.pick(MOBILE_PREFIX) + r.digits(8);
const landline = (r: Rng, city: City) => `${city.area}-${r.int(2, 8)}${r.digits(city.localLen - 1)}`;
const givenName = (r: Rng, male: boolean) => {
  const chars = male ? MALE : FEMALE;
  return r.chance(0.25) ? r.pick(chars) : r.pick(chars) + r.pick(chars);
};
const road = (r: Rng) => r.pick(ROADS) + r.pick(ROAD_SUFFIX);
const cityPrefix = (r: Rng, city: City) => (city.province === city.city || r.chance(0.5) ? city.city : city.province + city.city);

interface Debtor {
  name: string; gender: 'male' | 'female'; idNumber: string; birthYear: number; mobile: string; homePhone: string | null;
  city: City; homeAddress: string; employer: string | null; workAddress: string | null; workPhone: string | null;
}

function makeDebtor(r: Rng, cities: Weighted<City>): Debtor {
  const city = r.weighted(cities);
  const [code, district] = r.pick(city.ids);
  const male = r.chance(0.58);
  const birthYear = r.chance(0.7) ? r.int(1980, 1996) : r.int(1960, 2002);
  const birth = civilFromDays(daysFromCivil(birthYear, 1, 1) + r.int(0, 364)).replaceAll('-', '');
  const seq = String(r.int(0, 499) * 2 + (male ? 1 : 0) || 2).padStart(3, '0'); // odd = male (GB 11643)
  const first17 = code + birth + seq;
  const homeDistrict = r.chance(0.6) ? district : r.pick(city.districts);
  const floor = r.int(1, 32);
  const homeAddress = `${cityPrefix(r, city)}${homeDistrict}${road(r)}${r.int(1, 999)}号${r.pick(ESTATE_A)}${r.pick(ESTATE_B)}小区${r.int(1, 28)}栋${r.int(1, 6)}单元${floor}${String(r.int(1, 8)).padStart(2, '0')}室`;
  let employer: string | null = null, workAddress: string | null = null, workPhone: string | null = null;
  const job = r.next();
  if (job < 0.04) employer = r.pick(['个体经营', '自由职业', '务农']);
  else if (job < 0.88) {
    const place = city.province === city.city ? city.city.replace(/市$/, '') : city.city;
    employer = `${place}${r.pick(CO_SYL)}${r.pick(CO_SYL)}${r.pick(INDUSTRY)}有限公司`;
    workAddress = `${city.city}${r.pick(city.districts)}${road(r)}${r.int(1, 500)}号${r.pick(ESTATE_A)}${r.pick(TOWER)}${r.pick(['A', 'B', 'C', '1', '2'])}座${r.int(2, 30)}层`;
    if (r.chance(0.6)) workPhone = landline(r, city);
  }
  return {
    name: r.weighted(SURNAMES) + givenName(r, male), gender: male ? 'male' : 'female', idNumber: first17 + idCheckChar(first17), birthYear,
    mobile: mobile(r), homePhone: r.chance(0.55) ? landline(r, city) : null, city, homeAddress, employer, workAddress, workPhone,
  };
}

/** Relation weights by age band: index bit 1 = 24+, bit 2 = under 50, bit 4 = 42+. */
const RELATIONS_BY_AGE = Array.from({ length: 8 }, (_, i) =>
  weighted<Relation>([['配偶', i & 1 ? 30 : 5], ['父母', i & 2 ? 30 : 8], ['子女', i & 4 ? 18 : 0], ['兄弟姐妹', 16], ['朋友', 14], ['同事', 10], ['亲属', 8]]),
);

function makeContacts(r: Rng, debtor: Debtor, placementYear: number): DemoContact[] {
  const age = placementYear - debtor.birthYear;
  const relations = RELATIONS_BY_AGE[(age >= 24 ? 1 : 0) + (age < 50 ? 2 : 0) + (age >= 42 ? 4 : 0)];
  const surname = debtor.name.startsWith('欧阳') || debtor.name.startsWith('诸葛') ? debtor.name.slice(0, 2) : debtor.name[0];
  const n = r.weighted(CONTACT_COUNT);
  const out: DemoContact[] = [];
  let spouses = 0, parents = 0, fatherFirst = false;
  for (let i = 0; i < n; i++) {
    let relation = r.weighted(relations);
    if ((relation === '配偶' && spouses >= 1) || (relation === '父母' && parents >= 2)) relation = r.pick(OTHER_RELATIONS);
    const family = relation === '父母' || relation === '子女' || relation === '兄弟姐妹' || relation === '亲属';
    let male = relation === '配偶' ? debtor.gender === 'female' : r.chance(0.5);
    let same = family && r.chance(relation === '亲属' ? 0.5 : 0.9);
    if (relation === '配偶') same = r.chance(0.03);
    if (relation === '父母') {
      // the first parent is the father or the mother, the second the other one; the father shares the surname
      male = parents === 0 ? r.chance(0.55) : !fatherFirst;
      if (parents++ === 0) fatherFirst = male;
      same = male;
    }
    if (relation === '配偶') spouses++;
    out.push({ name: (same ? surname : r.weighted(SURNAMES)) + givenName(r, male), relation, mobile: mobile(r) });
  }
  return out;
}

/**
 * Stream `count` cases numbered from `startRef` (default 1). Deterministic: same options → same
 * cases; case N does not depend on `count` or `startRef`.
 */
export function* generateCases(opts: GenerateOptions): Generator<DemoCase> {
  const { seed, count, clientCode, batchNo, placementDate } = opts;
  const start = opts.startRef ?? 1;
  const pm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(placementDate);
  if (!pm) throw new RangeError(`generateCases: placementDate "${placementDate}" is not YYYY-MM-DD`);
  const placementDays = daysFromCivil(+pm[1], +pm[2], +pm[3]);
  const cityPool = CITIES.filter((x) => !opts.regions || opts.regions.includes(x.region));
  if (cityPool.length === 0) throw new RangeError(`generateCases: no city in regions ${opts.regions?.join(',')}`);
  const cities = weighted(cityPool.map((x) => [x, x.weight] as const));
  const products = weighted<Product>(opts.products ?? [['信用卡', 1]]);
  for (let n = start; n < start + count; n++) {
    const r = rngFor(seed, n, 1);
    // 共债: about 2% of cases belong to the debtor of an earlier case number of the same batch
    const debtorNo = n > 20 && r.chance(0.02) ? n - r.int(1, Math.min(200, n - 1)) : n;
    const debtor = makeDebtor(rngFor(seed, debtorNo, 2), cities);
    const product = r.weighted(products);
    const [lo, hi] = r.weighted(BUCKETS);
    const dpd = hi ? r.int(lo, hi) : Math.min(1500, lo + Math.floor(-Math.log(1 - r.next()) * 220));
    const months = Math.ceil(dpd / 30);
    const [median, sigma] = AMOUNT[product];
    const placed = Math.max(MIN_FEN, Math.min(MAX_FEN, Math.round(median * 100 * Math.exp(sigma * r.normal()))));
    const m12 = Math.min(months, 12);
    const interest = Math.floor(placed * ((product === '车贷' ? 0.01 : 0.03) + 0.012 * m12 * (0.7 + 0.6 * r.next())));
    const penalty = product === '现金贷' && r.chance(0.3) ? 0 : Math.floor(placed * 0.005 * m12 * (0.5 + r.next()));
    const lateFee = product === '车贷' && r.chance(0.5) ? 0 : Math.min(Math.floor(placed * 0.05), Math.min(months, 6) * r.int(30, 300) * 100);
    const principal = placed - interest - penalty - lateFee;
    const overdueDays = placementDays - dpd;
    let lastPaymentDate: string | null = null, lastPaymentAmount: number | null = null;
    if (r.chance(0.45)) {
      lastPaymentDate = civilFromDays(dpd > 5 && r.chance(0.5) ? overdueDays + r.int(1, dpd - 1) : overdueDays - r.int(1, 90));
      lastPaymentAmount = r.chance(0.4) ? r.int(1, 50) * 10_000 : Math.max(100, Math.floor(placed * (0.01 + 0.09 * r.next())));
    }
    const ref = `${clientCode}${batchNo}-${String(n).padStart(6, '0')}`;
    const cardBody = r.pick(CARD_BIN) + r.digits(9); // 6-digit BIN + 9 digits + Luhn check = 16
    yield {
      client_case_ref: ref, debtor_name: debtor.name, gender: debtor.gender, id_number: debtor.idNumber, mobile: debtor.mobile,
      home_phone: debtor.homePhone, work_phone: debtor.workPhone, card_number: cardBody + luhnCheckDigit(cardBody), product, currency: 'CNY',
      placed_amount: placed, principal, interest, penalty, late_fee: lateFee,
      overdue_date: civilFromDays(overdueDays), client_dpd: dpd, last_payment_date: lastPaymentDate, last_payment_amount: lastPaymentAmount,
      placement_date: placementDate, province: debtor.city.province, city: debtor.city.city, region: debtor.city.region,
      home_address: debtor.homeAddress, employer: debtor.employer, work_address: debtor.workAddress,
      comment: r.chance(0.07) ? r.pick(COMMENTS) : null, contacts: makeContacts(rngFor(seed, debtorNo, 3), debtor, +pm[1]),
    };
  }
}
