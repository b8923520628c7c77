// A reader of IRS Publication 1220 files for the tests, written from the publication's record
// layouts apart from the writer (it shares no code or table with it), so that a misplaced field
// in the writer shows up here. It checks what the IRS checks first: every record 750 bytes,
// sequence numbers 1, 2, 3…, records in order (T, then A B… C K… per payer, then F), and the
// counts and amount totals of every C and K record against the B records they close.

export interface Parsed1220 {
  t: Record<string, string>;
  payers: Array<{ a: Record<string, string>; b: Array<Record<string, string>>; c: Record<string, string>; k: Array<Record<string, string>> }>;
  f: Record<string, string>;
  records: string[];
}

type Layout = Record<string, [from: number, to: number]>;

const T: Layout = {
  type: [1, 1], paymentYear: [2, 5], priorYear: [6, 6], tin: [7, 15], tcc: [16, 20], test: [28, 28],
  name: [30, 69], name2: [70, 109], company: [110, 149], company2: [150, 189], address: [190, 229],
  city: [230, 269], state: [270, 271], zip: [272, 280], totalPayees: [296, 303], contact: [304, 343],
  contactPhone: [344, 358], email: [359, 408], seq: [500, 507], vendor: [518, 518],
};
const A: Layout = {
  type: [1, 1], paymentYear: [2, 5], cfsf: [6, 6], tin: [12, 20], nameControl: [21, 24], lastFiling: [25, 25],
  typeOfReturn: [26, 27], amountCodes: [28, 45], name: [53, 92], name2: [93, 132], transferAgent: [133, 133],
  address: [134, 173], city: [174, 213], state: [214, 215], zip: [216, 224], phone: [225, 239], seq: [500, 507],
};
const AMOUNT_CODES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J'];
const B: Layout = {
  type: [1, 1], paymentYear: [2, 5], corrected: [6, 6], nameControl: [7, 10], tinType: [11, 11], tin: [12, 20],
  account: [21, 40], officeCode: [41, 44],
  ...Object.fromEntries(AMOUNT_CODES.map((c, i) => [`amount${c}`, [55 + 12 * i, 66 + 12 * i]])),
  foreign: [287, 287], name: [288, 327], name2: [328, 367], address: [368, 407], city: [448, 487], state: [488, 489],
  zip: [490, 498], seq: [500, 507], secondTinNotice: [544, 544], directSales: [547, 547], stateTax: [723, 734],
  localTax: [735, 746], stateCode: [747, 748],
};
const TOTALS = Object.fromEntries(AMOUNT_CODES.map((c, i) => [`total${c}`, [16 + 18 * i, 33 + 18 * i]])) as Layout;
const C: Layout = { type: [1, 1], payees: [2, 9], ...TOTALS, seq: [500, 507] };
const K: Layout = { type: [1, 1], payees: [2, 9], ...TOTALS, seq: [500, 507], stateTax: [707, 724], localTax: [725, 742], stateCode: [747, 748] };
const F: Layout = { type: [1, 1], payers: [2, 9], zeros: [10, 30], totalPayees: [50, 57], seq: [500, 507] };

/** Positions no field of the layout covers must be blank (except the CR/LF at 749–750). */
const BLANKS: Record<string, Array<[number, number]>> = {
  T: [[21, 27], [281, 295], [409, 499], [508, 517], [519, 748]],
  A: [[7, 11], [46, 51], [240, 499], [508, 748]],
  B: [[45, 54], [271, 286], [408, 447], [499, 499], [508, 543], [545, 546], [548, 722]],
  C: [[10, 15], [340, 499], [508, 748]],
  K: [[10, 15], [340, 499], [508, 706], [743, 746]],
  F: [[31, 49], [58, 499], [508, 748]],
};

function fields(rec: string, layout: Layout): Record<string, string> {
  return Object.fromEntries(Object.entries(layout).map(([k, [from, to]]) => [k, rec.slice(from - 1, to)]));
}

export function parse1220(text: string): Parsed1220 {
  if (text.length % 750 !== 0) throw new Error(`the file is ${text.length} bytes, not a multiple of 750`);
  const records: string[] = [];
  for (let at = 0; at < text.length; at += 750) records.push(text.slice(at, at + 750));
  records.forEach((rec, i) => {
    if (!rec.endsWith('\r\n')) throw new Error(`record ${i + 1} does not end in CR/LF at 749–750`);
    if (!/^[\x20-\x7e]{748}\r\n$/.test(rec)) throw new Error(`record ${i + 1} holds a character that is not printable ASCII`);
    if (rec.slice(499, 507) !== String(i + 1).padStart(8, '0')) throw new Error(`record ${i + 1} has sequence number ${rec.slice(499, 507)}`);
    for (const [from, to] of BLANKS[rec[0]] ?? []) {
      if (rec.slice(from - 1, to).trim() !== '') throw new Error(`record ${i + 1} (${rec[0]}): positions ${from}–${to} are not blank`);
    }
  });
  const types = records.map((r) => r[0]).join('');
  if (!/^T(AB+CK*)+F$/.test(types)) throw new Error(`records are not in the order T (A B… C K…)… F: ${types}`);
  const payers: Parsed1220['payers'] = [];
  for (const rec of records.slice(1, -1)) {
    if (rec[0] === 'A') payers.push({ a: fields(rec, A), b: [], c: {}, k: [] });
    else if (rec[0] === 'B') payers[payers.length - 1].b.push(fields(rec, B));
    else if (rec[0] === 'C') payers[payers.length - 1].c = fields(rec, C);
    else payers[payers.length - 1].k.push(fields(rec, K));
  }
  return { t: fields(records[0], T), payers, f: fields(records[records.length - 1], F), records };
}

const n = (s: string) => Number(s);

/** Every count and total that does not add up, in words; empty for a consistent file. */
export function controlProblems(p: Parsed1220): string[] {
  const out: string[] = [];
  const allB = p.payers.flatMap((x) => x.b);
  if (n(p.t.totalPayees) !== allB.length) out.push(`T says ${n(p.t.totalPayees)} payees, the file has ${allB.length} B records`);
  if (n(p.f.payers) !== p.payers.length) out.push(`F says ${n(p.f.payers)} A records, the file has ${p.payers.length}`);
  if (p.f.zeros !== '0'.repeat(21)) out.push('F positions 10–30 are not zeros');
  if (n(p.f.totalPayees) !== allB.length) out.push(`F says ${n(p.f.totalPayees)} payees, the file has ${allB.length}`);
  p.payers.forEach((payer, i) => {
    const codes = payer.a.amountCodes.trim().split('');
    if (n(payer.c.payees) !== payer.b.length) out.push(`payer ${i + 1}: C counts ${n(payer.c.payees)} payees, there are ${payer.b.length} B records`);
    for (const code of AMOUNT_CODES) {
      const sum = payer.b.reduce((s, b) => s + n(b[`amount${code}`]), 0);
      if (n(payer.c[`total${code}`]) !== sum) out.push(`payer ${i + 1}: C total ${code} is ${n(payer.c[`total${code}`])}, its B records add up to ${sum}`);
      if (sum > 0 && !codes.includes(code)) out.push(`payer ${i + 1}: B records use amount ${code}, which the A record does not list`);
    }
    for (const b of payer.b) {
      if (b.paymentYear !== payer.a.paymentYear) out.push(`payer ${i + 1}: a B record is for ${b.paymentYear}, its A record for ${payer.a.paymentYear}`);
    }
    const coded = payer.b.filter((b) => b.stateCode.trim());
    if ((payer.a.cfsf === '1') !== coded.length > 0) out.push(`payer ${i + 1}: the A record's CF/SF indicator does not match its B records`);
    const states = [...new Set(coded.map((b) => b.stateCode))].sort();
    if (states.join() !== payer.k.map((k) => k.stateCode).join()) out.push(`payer ${i + 1}: K records for ${payer.k.map((k) => k.stateCode).join() || 'no state'}, B records for ${states.join() || 'none'}`);
    for (const k of payer.k) {
      const bs = coded.filter((b) => b.stateCode === k.stateCode);
      if (n(k.payees) !== bs.length) out.push(`payer ${i + 1}: K ${k.stateCode} counts ${n(k.payees)} payees, there are ${bs.length}`);
      for (const code of AMOUNT_CODES) {
        const sum = bs.reduce((s, b) => s + n(b[`amount${code}`]), 0);
        if (n(k[`total${code}`]) !== sum) out.push(`payer ${i + 1}: K ${k.stateCode} total ${code} is ${n(k[`total${code}`])}, its B records add up to ${sum}`);
      }
    }
  });
  return out;
}
