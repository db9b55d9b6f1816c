#!/usr/bin/env node
// Copies the compiled addon to prebuilds/<platform>-<arch>/ so `npm pack` ships it
// (npm 11 does not run a dependency's install script until the user approves it).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'build', 'Release', 'nlkit_native.node');
if (!fs.existsSync(built)) {
  console.error('nlkit: build/Release/nlkit_native.node is missing; run `npm run build:native` first');
  process.exit(1);
}
const dir = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`);
fs.mkdirSync(dir, { recursive: true });
fs.copyFileSync(built, path.join(dir, 'nlkit_native.node'));
console.log(`nlkit: ${path.relative(root, dir)}/nlkit_native.node`);
