#!/usr/bin/env node
// nlkit's launcher: a one-shot command such as `nlkit ipset -exist add S IP` should start
// about as fast as node itself, so it loads one prebuilt file holding just that command
// (dist/src/cli/bundle/NAME.cjs, made by scripts/bundle-cli.mjs at build time) instead of
// resolving and compiling the dozens of ES modules behind it. Without bundles (a plain
// `tsc` build) it runs main.js as usual.
import fs = require('node:fs');
import { createRequire } from 'node:module';
import path = require('node:path');
import vm = require('node:vm');

const BUNDLED = ['genl', 'ipset', 'iw', 'decode'];

/** The command word: the first argument that is not an option (nor --netns's value). */
function commandWord(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--netns') i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

const cmd = commandWord(process.argv.slice(2));
// Help, version and unknown words go to the bundle of main alone; tour runs the modules.
const name = cmd === undefined || BUNDLED.includes(cmd) ? cmd ?? 'main' : cmd === 'tour' ? undefined : 'main';
const bundle = name && path.join(__dirname, 'bundle', `${name}.cjs`);
/**
 * Runs a bundle like require() would, with V8's code cache made at build time (NAME.cjs.v8cache):
 * V8 then skips parsing and compiling what the cache holds. A cache from another node
 * version is refused by V8 and the bundle compiles as usual.
 */
function runBundle(file: string): void {
  const wrapped = wrap(fs.readFileSync(file, 'utf8'));
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(`${file}.v8cache`);
  } catch {
    // no cache: compile from source
  }
  const fn = new vm.Script(wrapped, { filename: file, cachedData }).runInThisContext() as (...a: unknown[]) => void;
  const mod = { exports: {} };
  fn(mod.exports, createRequire(file), mod, file, path.dirname(file));
}

/** The CommonJS wrapper; scripts/bundle-cli.mjs makes the cache over exactly this text. */
function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

if (bundle && fs.existsSync(bundle)) {
  runBundle(bundle);
} else {
  void import('./main.js').then((m: typeof import('./main.js')) => m.runCli());
}
