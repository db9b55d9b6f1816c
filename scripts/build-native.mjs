#!/usr/bin/env node
// Builds the addon from source with node-gyp against Node's own headers (no
// header download), unless a prebuilt binary for this platform ships with the package.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');
const prebuilt = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'nlkit_native.node');
if (!force && fs.existsSync(prebuilt)) process.exit(0);

// Node's headers sit next to its binary (e.g. /usr/include/node for /usr/bin/node).
const prefix = path.resolve(path.dirname(process.execPath), '..');
const args = ['rebuild'];
if (fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);

const local = path.join(root, 'node_modules', '.bin', 'node-gyp');
const cmd = fs.existsSync(local) ? local : 'node-gyp';
const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
if (r.error) {
  console.error(`nlkit: cannot run node-gyp (${r.error.message}); install it or use a package with prebuilds/`);
  process.exit(1);
}
process.exit(r.status ?? 1);
