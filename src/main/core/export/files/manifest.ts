import fs from 'node:fs';
import path from 'node:path';
import type { BatchModel } from '../model';
import type { Written } from './atomic';

// A batch's manifest (docs/formats/batch-manifest.md): what the batch is, every other file of it
// with its size and SHA-256, and the audit chain's head when it committed (its anchor). Written
// last, outside the database: a trail rewritten or cut off afterwards no longer matches it
// (verify-audit reads it back). Only batches with an anchor have one.

export const manifestFileName = (batchId: number): string => `manifest-${batchId}.json`;

export interface ManifestAnchor {
  eventId: number;
  hash: string;
}

export function renderManifest(model: BatchModel, files: ReadonlyArray<{ name: string; written: Written }>): string {
  const b = model.batch;
  const manifest = {
    format: 'paydesk-batch-manifest',
    version: 1,
    batch: {
      id: b.id,
      createdAt: b.createdAt,
      date: b.date,
      period: model.period.code,
      payor: model.payor.code,
      itemCount: b.itemCount,
      totalCents: b.totalCents,
      createdBy: b.createdBy.username,
      releasedBy: b.releasedBy?.username ?? null,
    },
    auditAnchor: b.anchor,
    files: files.map((f) => ({ name: f.name, bytes: f.written.bytes, sha256: f.written.sha256 })),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The anchor a batch's manifest records; null when the manifest is missing; throws when it is unreadable. */
export function readManifestAnchor(folder: string, batchId: number): ManifestAnchor | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(folder, manifestFileName(batchId)), 'utf8');
  } catch (err) {
    if (['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) return null;
    throw err;
  }
  const parsed = JSON.parse(text) as { format?: string; auditAnchor?: ManifestAnchor | null };
  if (parsed.format !== 'paydesk-batch-manifest' || !parsed.auditAnchor) throw new Error('it is not a PayDesk batch manifest with an audit anchor');
  return parsed.auditAnchor;
}
