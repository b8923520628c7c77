import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

// The desktop's protection of audit keys (DESIGN.md section 9): one random secret per user of
// this computer, kept encrypted by the OS keychain through Electron's safeStorage, handed to the
// core process at start. The core encrypts each database's audit key file with it, so a key file
// copied off this computer (or read by another user) is useless. Without a keychain (a Linux
// desktop with none), null: key files stay plain and owner-only, as for the command line.

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(text: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export const VAULT_FILE_NAME = 'audit-vault.bin';

export function desktopAuditVault(safeStorage: SafeStorageLike, file: string, log: (message: string) => void = () => {}): Buffer | null {
  if (!safeStorage.isEncryptionAvailable()) {
    log('The OS keychain is not available: audit key files are kept plain, readable by this user only.');
    return null;
  }
  if (fs.existsSync(file)) {
    try {
      const secret = Buffer.from(safeStorage.decryptString(fs.readFileSync(file)), 'hex');
      if (secret.length === 32) return secret;
    } catch {
      // fall through: reported below
    }
    log(`The audit vault ${file} cannot be opened with this user's keychain: audit keys it protects cannot be read.`);
    return null;
  }
  const secret = randomBytes(32);
  const fd = fs.openSync(file, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, safeStorage.encryptString(secret.toString('hex')));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return secret;
}
