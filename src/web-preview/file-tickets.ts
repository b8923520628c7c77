import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Connection } from '../main/core/core';
import { BadRequest } from './guards';

// Files for the browser: a signed-in tab asks for a batch's file by batch and kind; the core (in
// that tab's session, with its rights) says where it is; the tab gets a short-lived ticket to
// fetch it. Nothing else on the disk is ever served, and no path from the page is ever used.

const TTL_MS = 60_000;
const SERVABLE: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const STATUS: Record<string, number> = { NOT_SIGNED_IN: 401, FORBIDDEN: 403, NOT_FOUND: 404 };

interface Ticket {
  file: string;
  name: string;
  expires: number;
  /** The session it was issued to, where the transport has sessions of its own (the server). */
  owner?: string;
}

export class FileTickets {
  private readonly tickets = new Map<string, Ticket>();

  /** A ticket for a file this session may see, or a BadRequest saying why not. */
  async issue(connection: Connection, ref: unknown, owner?: string): Promise<{ url: string }> {
    const located = await connection.invoke('export-file-locate', ref);
    if (!located.ok) throw new BadRequest(located.error.message, STATUS[located.error.code] ?? 400);
    const where = located.value as { path: string; name: string; exists: boolean; kind: string };
    if (where.kind === 'folder') throw new BadRequest('The browser preview cannot open a folder: the batch page lists its files.');
    if (!where.exists || !SERVABLE[path.extname(where.path).toLowerCase()]) throw new BadRequest('The file is missing: regenerate the batch files.', 404);
    const now = Date.now();
    for (const [key, t] of this.tickets) if (t.expires < now) this.tickets.delete(key);
    const ticket = randomBytes(24).toString('hex');
    this.tickets.set(ticket, { file: where.path, name: where.name, expires: now + TTL_MS, owner });
    return { url: `/api/file/${ticket}/${encodeURIComponent(where.name)}` };
  }

  /** The file behind a ticket (the PDF viewer may fetch it more than once while the ticket lasts). */
  redeem(ticket: string, owner?: string): { data: Buffer; type: string; name: string } {
    const t = this.tickets.get(ticket);
    if (!t || t.expires < Date.now() || t.owner !== owner) throw new BadRequest('This file link has expired: open the file again.', 404);
    try {
      return { data: fs.readFileSync(t.file), type: SERVABLE[path.extname(t.file).toLowerCase()], name: t.name };
    } catch {
      throw new BadRequest('The file is missing: regenerate the batch files.', 404);
    }
  }
}
