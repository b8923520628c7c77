import { isValidRouting } from '../../../../shared/domain/routing';
import { batchDate, effectiveEntryDate, isAchPayee, type BatchModel, type PayeeModel } from '../model';

// The NACHA ACH file of a direct-payor batch (format in docs/formats/nacha.md): 94-character
// records, file header, one CCD batch for business accounts and one PPD batch for personal
// accounts (credits only, service class 220), each entry with one 705 remittance addendum,
// batch and file controls, padded with 9s to a multiple of 10 records (blocking factor 10).

export const RECORD_LENGTH = 94;
export const BLOCKING_FACTOR = 10;
const TX_CODE = { checking: '22', savings: '32' } as const;

/** ACH fields are upper-case letters, digits and a few marks; everything else becomes a space. */
export function achText(text: string, width: number): string {
  const plain = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9 .,&/()'#*+-]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return plain.slice(0, width).padEnd(width, ' ');
}

function num(value: number | string, width: number): string {
  const s = String(value);
  if (!/^\d+$/.test(s) || s.length > width) throw new Error(`ACH field overflow: ${s} does not fit ${width} digits`);
  return s.padStart(width, '0');
}

function record(...fields: string[]): string {
  const r = fields.join('');
  if (r.length !== RECORD_LENGTH) throw new Error(`ACH record is ${r.length} characters, not 94: ${r}`);
  return r;
}

const yymmdd = (iso: string) => iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);

/** The trace number's last 7 digits, which the 705 addendum repeats. */
const entrySequence = (trace: string) => trace.slice(-7);

export function remittanceText(model: BatchModel, payee: PayeeModel): string {
  const ids = payee.items.map((i) => (i.kind === 'adjustment' ? `A${i.paymentId}` : `P${i.paymentId}`));
  const head = `PAYDESK BATCH ${model.batch.id} PERIOD ${model.period.code} ITEMS `;
  // As many whole ids as fit, then how many more are on the remittance advice.
  for (let n = ids.length; n >= 0; n--) {
    const list = ids.slice(0, n).join(' ') + (n < ids.length ? `${n ? ' ' : ''}+${ids.length - n} MORE` : '');
    if (head.length + list.length <= 80) return achText(head + list, 80);
  }
  return achText(head, 80);
}

/** Renders the ACH file, or null when no provider of the batch is paid by ACH. */
export function renderNacha(model: BatchModel): string | null {
  const entries = model.payees.filter(isAchPayee);
  if (entries.length === 0) return null;
  const a = model.agency;
  const date = batchDate(model);
  const time = model.batch.createdAt.slice(11, 13) + model.batch.createdAt.slice(14, 16);
  const odfi8 = a.odfiRouting.slice(0, 8);
  const lines: string[] = [];

  lines.push(
    record(
      '1',
      '01',
      ` ${num(a.immediateDestination, 9)}`,
      a.immediateOrigin.padStart(10, ' ').slice(0, 10),
      yymmdd(date),
      time,
      model.batch.achFileIdModifier,
      '094',
      '10',
      '1',
      achText(a.immediateDestinationName, 23),
      achText(a.immediateOriginName, 23),
      achText(`BATCH${model.batch.id}`, 8),
    ),
  );

  let batchNumber = 0;
  let fileEntryAddenda = 0;
  let fileHash = 0;
  let fileCredit = 0;
  for (const sec of ['CCD', 'PPD'] as const) {
    const group = entries.filter((p) => (p.accountHolder === 'personal' ? 'PPD' : 'CCD') === sec);
    if (group.length === 0) continue;
    batchNumber += 1;
    lines.push(
      record(
        '5',
        '220',
        achText(a.companyName, 16),
        achText(`PERIOD ${model.period.code}`, 20),
        achText(a.companyId, 10),
        sec,
        achText(a.companyEntryDescription, 10),
        achText(model.period.code.replace('-', ''), 6),
        yymmdd(effectiveEntryDate(date)),
        '   ',
        '1',
        num(odfi8, 8),
        num(batchNumber, 7),
      ),
    );
    let hash = 0;
    let credit = 0;
    for (const p of group) {
      const routing = p.routingNumber ?? '';
      if (!isValidRouting(routing)) throw new Error(`provider ${p.id}: routing number ${routing} fails its check digit`);
      if (!p.accountNumber || !p.accountType || !p.traceNumber) throw new Error(`provider ${p.id}: bank details are incomplete`);
      lines.push(
        record(
          '6',
          TX_CODE[p.accountType],
          routing.slice(0, 8),
          routing[8],
          achText(p.accountNumber, 17),
          num(p.netCents, 10),
          achText(p.licenseNumber || String(p.id), 15),
          achText(p.name, 22),
          '  ',
          '1',
          num(p.traceNumber, 15),
        ),
      );
      lines.push(record('7', '05', remittanceText(model, p), '0001', entrySequence(p.traceNumber)));
      hash += Number(routing.slice(0, 8));
      credit += p.netCents;
    }
    const count = group.length * 2;
    const entryHash = num(hash % 10_000_000_000, 10);
    lines.push(
      record(
        '8',
        '220',
        num(count, 6),
        entryHash,
        num(0, 12),
        num(credit, 12),
        achText(a.companyId, 10),
        ' '.repeat(19),
        ' '.repeat(6),
        num(odfi8, 8),
        num(batchNumber, 7),
      ),
    );
    fileEntryAddenda += count;
    fileHash += hash;
    fileCredit += credit;
  }

  const recordsWithControl = lines.length + 1;
  const blocks = Math.ceil(recordsWithControl / BLOCKING_FACTOR);
  lines.push(
    record(
      '9',
      num(batchNumber, 6),
      num(blocks, 6),
      num(fileEntryAddenda, 8),
      num(fileHash % 10_000_000_000, 10),
      num(0, 12),
      num(fileCredit, 12),
      ' '.repeat(39),
    ),
  );
  while (lines.length % BLOCKING_FACTOR !== 0) lines.push('9'.repeat(RECORD_LENGTH));
  return `${lines.join('\n')}\n`;
}
