import fs from 'node:fs';
import path from 'node:path';

// Crash-safe file writing: each file is written under a temporary name in its final folder,
// flushed to disk (fsync), then renamed over the final name, so a reader (or a crash) sees the
// old file or the whole new one, never half of one. The folder itself is flushed at the end so
// the renames survive a power cut.

let counter = 0;
const TEMP = /^\.(.+)\.tmp-(\d+)-\d+$/;

export function tempNameFor(file: string): string {
  counter += 1;
  return path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}-${counter}`);
}

/** Synchronous: small text files. */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  const temp = tempNameFor(file);
  const fd = fs.openSync(temp, 'w');
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
}

/** Asynchronous: many small files at once; the fsyncs run on libuv's thread pool. */
export async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  const temp = tempNameFor(file);
  const handle = await fs.promises.open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(temp, file);
}

/** A file written piece by piece (a big PDF), renamed into place by commit(). */
export class AtomicFile {
  private readonly temp: string;
  private readonly fd: number;

  constructor(readonly file: string) {
    this.temp = tempNameFor(file);
    this.fd = fs.openSync(this.temp, 'w');
  }

  write(chunk: Uint8Array): void {
    fs.writeSync(this.fd, chunk);
  }

  commit(): void {
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    fs.renameSync(this.temp, this.file);
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
