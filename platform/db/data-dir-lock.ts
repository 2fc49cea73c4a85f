import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite has no shared-memory coordination: two processes opening one data directory corrupt it.
 * A pid file taken with O_EXCL turns that into a clear start-up error; a lock left by a dead
 * process (kill -9) is taken over.
 */
export class DataDirLockedError extends Error {
  constructor(lockPath: string, pid: number) {
    super(`embedded database ${path.dirname(lockPath)} is in use by process ${pid}; stop it or set DATA_DIR to another folder`);
    this.name = 'DataDirLockedError';
  }
}

export function acquireDataDirLock(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) throw new DataDirLockedError(lockPath, holder);
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not take the lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
