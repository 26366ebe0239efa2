import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors.ts';

/**
 * One process at a time on an embedded data directory: two PGlite processes on one directory lose data
 * silently. The holder writes its pid into `luoshi.lock`; a lock whose process is gone is taken over.
 */
export type LockHolder = { pid: number; host: string; command: string; startedAt: string };
export type DataDirLock = { file: string; release(): void };

export function lockFileOf(dataDir: string): string {
  return path.join(dataDir, 'luoshi.lock');
}

export function readLockHolder(dataDir: string): LockHolder | null {
  try {
    return JSON.parse(fs.readFileSync(lockFileOf(dataDir), 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

function isAlive(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return true; // cannot tell for another host: assume held
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // The pid exists; after a crash and reboot it may belong to something else entirely.
  try {
    const cmdline = fs.readFileSync(`/proc/${holder.pid}/cmdline`, 'utf8');
    return cmdline.includes('node');
  } catch {
    return true;
  }
}

export function acquireDataDirLock(dataDir: string, command: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFileOf(dataDir);
  const me: LockHolder = { pid: process.pid, host: os.hostname(), command, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, JSON.stringify(me));
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          const holder = readLockHolder(dataDir);
          if (holder && holder.pid === me.pid && holder.startedAt === me.startedAt) fs.rmSync(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readLockHolder(dataDir);
      if (holder && isAlive(holder)) {
        throw AppError.of(
          'DATA_DIR_LOCKED',
          'err.dataDir.locked',
          { dir: dataDir, pid: holder.pid, command: holder.command, host: holder.host, since: holder.startedAt },
          { holder },
        );
      }
      // Stale (the holder died, e.g. kill -9) or unreadable: take it over.
      fs.rmSync(file, { force: true });
    }
  }
  throw AppError.of('DATA_DIR_LOCKED', 'err.dataDir.noLock', { dir: dataDir, file });
}
