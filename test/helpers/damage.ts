import fs from 'node:fs';
import Database from 'better-sqlite3';

// Damage a closed database file the way a failing disk or a bad copy would: bytes flipped inside
// one table's pages, or one index entry that no longer matches its row.

function leafPages(file: string, name: string): { pages: number[]; pageSize: number } {
  const db = new Database(file, { readonly: true });
  try {
    const pages = db.prepare(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'`).pluck().all(name) as number[];
    if (pages.length === 0) throw new Error(`no leaf pages for ${name}`);
    return { pages, pageSize: db.pragma('page_size', { simple: true }) as number };
  } finally {
    db.close();
  }
}

/** Flips `count` bytes at (deterministic) random places in the table's leaf pages. */
export function flipBytes(file: string, table: string, count = 50, seed = 7): void {
  const { pages, pageSize } = leafPages(file, table);
  const bytes = fs.readFileSync(file);
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let i = 0; i < count; i++) {
    const page = pages[Math.floor(next() * pages.length)];
    bytes[(page - 1) * pageSize + Math.floor(next() * pageSize)] ^= 0xff;
  }
  fs.writeFileSync(file, bytes);
}

/**
 * Changes one key inside an index: the file's structure stays sound (quick_check passes) but the
 * index no longer matches its table (only the full integrity_check finds it).
 */
export function spoilIndex(file: string, index: string): void {
  const { pages, pageSize } = leafPages(file, index);
  const bytes = fs.readFileSync(file);
  bytes[pages[0] * pageSize - 2] ^= 0x01; // inside the page's first cell, written at its end
  fs.writeFileSync(file, bytes);
}

export function integrityProblems(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).filter((r) => r !== 'ok');
  } finally {
    db.close();
  }
}
