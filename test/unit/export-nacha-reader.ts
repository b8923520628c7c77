// An independent NACHA reader for the tests: written from the NACHA layout, sharing no code with
// src/main/core/export/files/nacha.ts. It throws on the first thing a bank would reject and
// returns the parsed entries for the tests to compare with the batch.

export interface ReadEntry {
  sec: string;
  transactionCode: string;
  routing: string;
  account: string;
  amountCents: number;
  individualId: string;
  name: string;
  trace: string;
  addenda: string;
}

export interface ReadFile {
  records: number;
  blocks: number;
  batches: Array<{ sec: string; number: number; entries: ReadEntry[] }>;
  entries: ReadEntry[];
  totalCreditCents: number;
}

function fail(line: number, message: string): never {
  throw new Error(`NACHA line ${line + 1}: ${message}`);
}

/** ABA check digit with weights 3, 7, 1 — computed here again on purpose. */
export function abaValid(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false;
  const w = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  return routing.split('').reduce((s, d, i) => s + Number(d) * w[i], 0) % 10 === 0;
}

const field = (r: string, from: number, to: number) => r.slice(from - 1, to); // 1-based, inclusive
const int = (r: string, from: number, to: number, line: number) => {
  const s = field(r, from, to);
  if (!/^\d+$/.test(s)) fail(line, `positions ${from}-${to} must be digits, found "${s}"`);
  return Number(s);
};

export function readNacha(text: string): ReadFile {
  if (!text.endsWith('\n')) throw new Error('NACHA file must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((l, i) => {
    if (l.length !== 94) fail(i, `record is ${l.length} characters, not 94`);
    if (!/^[\x20-\x7e]+$/.test(l)) fail(i, 'record has characters outside printable ASCII');
  });
  if (lines.length % 10 !== 0) throw new Error(`${lines.length} records is not a multiple of the blocking factor 10`);

  let i = 0;
  const h = lines[i];
  if (h[0] !== '1') fail(i, 'first record must be the file header (1)');
  if (field(h, 2, 3) !== '01' || field(h, 35, 37) !== '094' || field(h, 38, 39) !== '10' || field(h, 40, 40) !== '1') {
    fail(i, 'file header priority/record size/blocking factor/format code are wrong');
  }
  if (!abaValid(field(h, 5, 13))) fail(i, 'immediate destination is not a valid routing number');
  if (!/^[A-Z0-9]$/.test(field(h, 34, 34))) fail(i, 'file id modifier must be A-Z or 0-9');
  i++;

  const batches: ReadFile['batches'] = [];
  const all: ReadEntry[] = [];
  let lastTrace = '';
  let fileHash = 0;
  let fileCredit = 0;
  let fileCount = 0;
  while (lines[i]?.[0] === '5') {
    const b = lines[i];
    const sec = field(b, 51, 53);
    const number = int(b, 88, 94, i);
    if (field(b, 2, 4) !== '220') fail(i, 'service class must be 220 (credits only)');
    if (sec !== 'CCD' && sec !== 'PPD') fail(i, `SEC code ${sec}`);
    if (number !== batches.length + 1) fail(i, `batch number ${number} out of sequence`);
    if (!/^\d{6}$/.test(field(b, 70, 75))) fail(i, 'effective entry date');
    const odfi = field(b, 80, 87);
    i++;
    const entries: ReadEntry[] = [];
    let hash = 0;
    let credit = 0;
    while (lines[i]?.[0] === '6') {
      const e = lines[i];
      const code = field(e, 2, 3);
      if (code !== '22' && code !== '32') fail(i, `transaction code ${code} is not a checking or savings credit`);
      const routing = field(e, 4, 12);
      if (!abaValid(routing)) fail(i, `routing ${routing} fails its check digit`);
      const trace = field(e, 80, 94);
      if (!/^\d{15}$/.test(trace)) fail(i, 'trace number');
      if (field(trace, 1, 8) !== odfi) fail(i, 'trace number must start with the ODFI');
      if (trace <= lastTrace) fail(i, `trace ${trace} is not ascending`);
      lastTrace = trace;
      if (field(e, 79, 79) !== '1') fail(i, 'addenda indicator must be 1');
      const amount = int(e, 30, 39, i);
      const a = lines[i + 1];
      if (!a || a[0] !== '7') fail(i + 1, 'each entry must be followed by its addenda (7)');
      if (field(a, 2, 3) !== '05' || field(a, 84, 87) !== '0001' || field(a, 88, 94) !== trace.slice(-7)) {
        fail(i + 1, 'addenda type/sequence/entry sequence number');
      }
      const entry: ReadEntry = {
        sec, transactionCode: code, routing, account: field(e, 13, 29).trimEnd(), amountCents: amount,
        individualId: field(e, 40, 54).trimEnd(), name: field(e, 55, 76).trimEnd(), trace, addenda: field(a, 4, 83).trimEnd(),
      };
      entries.push(entry);
      hash += Number(routing.slice(0, 8));
      credit += amount;
      i += 2;
    }
    if (entries.length === 0) fail(i, 'a batch without entries');
    const c = lines[i];
    if (c?.[0] !== '8') fail(i, 'batch control (8) expected');
    if (int(c, 5, 10, i) !== entries.length * 2) fail(i, 'batch entry/addenda count');
    if (int(c, 11, 20, i) !== hash % 1e10) fail(i, `batch entry hash ${field(c, 11, 20)} != ${hash % 1e10}`);
    if (int(c, 21, 32, i) !== 0) fail(i, 'batch debit total must be zero');
    if (int(c, 33, 44, i) !== credit) fail(i, 'batch credit total');
    if (int(c, 88, 94, i) !== number || field(c, 80, 87) !== odfi) fail(i, 'batch control must repeat batch number and ODFI');
    i++;
    batches.push({ sec, number, entries });
    all.push(...entries);
    fileHash += hash;
    fileCredit += credit;
    fileCount += entries.length * 2;
  }
  const f = lines[i];
  if (f?.[0] !== '9') fail(i, 'file control (9) expected');
  if (int(f, 2, 7, i) !== batches.length) fail(i, 'file batch count');
  if (int(f, 8, 13, i) !== lines.length / 10) fail(i, 'file block count');
  if (int(f, 14, 21, i) !== fileCount) fail(i, 'file entry/addenda count');
  if (int(f, 22, 31, i) !== fileHash % 1e10) fail(i, 'file entry hash');
  if (int(f, 32, 43, i) !== 0 || int(f, 44, 55, i) !== fileCredit) fail(i, 'file totals');
  for (let j = i + 1; j < lines.length; j++) if (lines[j] !== '9'.repeat(94)) fail(j, 'padding records must be all 9s');
  return { records: lines.length, blocks: lines.length / 10, batches, entries: all, totalCreditCents: fileCredit };
}
