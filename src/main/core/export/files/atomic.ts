import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// Crash-safe file writing: each file is written under a temporary name in its final folder,
// flushed to disk (fsync), then renamed over the final name, so a reader (or a crash) sees the
// old file or the whole new one, never half of one. The folder itself is flushed at the end so
// the renames survive a power cut.

/** What was written: size and SHA-256, known without reading the file back. */
export interface Written {
  bytes: number;
  sha256: string;
}

const digest = (data: string | Uint8Array): Written => ({
  bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.length,
  sha256: createHash('sha256').update(data).digest('hex'),
});

let counter = 0;
const TEMP = /^\.(.+)\.tmp-(\d+)-\d+$/;

export function tempNameFor(file: string): string {
  counter += 1;
  return path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}-${counter}`);
}

/** Synchronous: small text files. */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): Written {
  const temp = tempNameFor(file);
  const fd = fs.openSync(temp, 'w');
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  return digest(data);
}

/** Asynchronous: many small files at once; the fsyncs run on libuv's thread pool. */
export async function writeFileAtomic(file: string, data: Uint8Array): Promise<Written> {
  const temp = tempNameFor(file);
  const handle = await fs.promises.open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(temp, file);
  return digest(data);
}

/** A file written piece by piece (a big PDF), in 1 MB writes, renamed into place by commit(). */
export class AtomicFile {
  private readonly temp: string;
  private readonly fd: number;
  private readonly hash = createHash('sha256');
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private bytes = 0;

  constructor(readonly file: string) {
    this.temp = tempNameFor(file);
    this.fd = fs.openSync(this.temp, 'w');
  }

  write(chunk: Uint8Array): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const data = Buffer.concat(this.pending, this.pendingBytes);
    for (let off = 0; off < data.length; ) off += fs.writeSync(this.fd, data, off);
    this.hash.update(data);
    this.bytes += data.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  commit(): Written {
    this.flush();
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    fs.renameSync(this.temp, this.file);
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  abandon(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      /* already closed */
    }
    fs.rmSync(this.temp, { force: true });
  }
}

/** Flushes a folder's entries (the renames). Windows cannot open a folder for fsync; NTFS journals renames. */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temporary files left by a writer that died (its process is gone). */
export function removeStaleTemps(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let removed = 0;
  for (const name of fs.readdirSync(dir)) {
    const m = TEMP.exec(name);
    if (m && !alive(Number(m[2]))) {
      fs.rmSync(path.join(dir, name), { force: true });
      removed += 1;
    }
  }
  return removed;
}
