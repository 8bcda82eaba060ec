// The npm registry this project's machines reach serves only the Linux builds of Jest's
// native resolver (`@unrs/resolver-binding-*`), so `npm install` leaves the other
// platforms' optional packages out of package-lock.json and `npm ci` then rejects the lock
// as out of sync. This adds an entry for each missing binding, with the platform its name
// states, so `npm ci` skips it on any machine it does not fit and never fetches it.
// Run it after any `npm install` that rewrites the lock: `node scripts/complete-lock.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const NAME = /^@unrs\/resolver-binding-(android|darwin|freebsd|linux|openharmony|win32)-(arm|arm64|x64|ia32|loong64|ppc64|riscv64|s390x)(?:-(gnueabihf|musleabihf|gnu|musl|msvc|eabi))?$/;

let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const where = `${path ? `${path}/` : ''}node_modules/${name}`;
    const match = NAME.exec(name);
    if (lock.packages[where] || lock.packages[`node_modules/${name}`] || !match) continue;
    const [, os, cpu, abi] = match;
    const libc = abi === 'gnu' || abi === 'gnueabihf' ? ['glibc'] : abi === 'musl' || abi === 'musleabihf' ? ['musl'] : undefined;
    lock.packages[`node_modules/${name}`] = { version, cpu: [cpu], dev: entry.dev, ...(libc ? { libc } : {}), optional: true, os: [os] };
    added += 1;
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lock: added ${added} platform-only optional package(s)`);
