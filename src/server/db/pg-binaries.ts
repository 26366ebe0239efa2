import fs from 'node:fs';
import path from 'node:path';

/** The newest PostgreSQL server binaries on this machine (Debian layout). */
export function findPgBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL binaries not found under /usr/lib/postgresql/*/bin: install them (apt-get install -y postgresql); ' +
        'the PostgreSQL half of the tests cannot be skipped',
    );
  }
  return path.join(base, versions[0]!, 'bin');
}
