// Builds one CommonJS file per one-shot CLI command (dist/src/cli/bundle/NAME.cjs) from the
// compiled modules, so that dist/src/cli/launch.cjs loads a single file: see launch.cts.
// Run by `npm run build:ts` after tsc. Without esbuild (a production install) it does nothing
// and the launcher runs the modules themselves.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'src', 'cli');
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.log('bundle-cli: esbuild is not installed; nlkit runs from the modules');
  process.exit(0);
}
const commands = { genl: 'genlCli', ipset: 'ipsetCli', iw: 'iwCli', decode: 'decodeCli' };
const entries = { main: `import { runCli } from './main.js';\nrunCli(async (name) => { throw new Error(\`'\${name}' is not in this bundle\`); });\n` };
for (const [name, fn] of Object.entries(commands)) {
  entries[name] = `import { runCli } from './main.js';\nimport { ${fn} } from './${name}.js';\nrunCli(async () => ${fn});\n`;
}
fs.rmSync(path.join(cli, 'bundle'), { recursive: true, force: true });
for (const [name, contents] of Object.entries(entries)) {
  await esbuild.build({
    stdin: { contents, resolveDir: cli, sourcefile: `${name}-entry.js` },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: path.join(cli, 'bundle', `${name}.cjs`),
    // The modules find the package root and the addon from their own URL.
    banner: {
      js: 'var __nlkit_url = "file://" + __filename.split("/").map(encodeURIComponent).join("/");\n' +
        'var __nlkitBuiltin = (m) => ({ __proto__: m, default: m });',
    },
    define: { 'import.meta.url': '__nlkit_url' },
    external: ['*.node'],
    // main's own loader (dynamic imports) is not used by a bundle: keep the other commands out.
    plugins: [{ name: 'no-dynamic', setup: (b) => b.onResolve({ filter: /.*/ }, (a) => (a.kind === 'dynamic-import' ? { path: a.path, external: true } : undefined)) }],
    logLevel: 'warning',
  });
}
// esbuild imports a builtin as __toESM(require("node:fs")), which copies every export of the
// module (hundreds of properties in all, at each start): a view that inherits them instead.
for (const name of Object.keys(entries)) {
  const file = path.join(cli, 'bundle', `${name}.cjs`);
  const text = fs.readFileSync(file, 'utf8').replace(/__toESM\((require\("node:[\w/]+"\)), 1\)/g, '__nlkitBuiltin($1)');
  fs.writeFileSync(file, text);
}

// V8's code cache for each bundle, over the same wrapper text as launch.cts's wrap().
for (const name of Object.keys(entries)) {
  const file = path.join(cli, 'bundle', `${name}.cjs`);
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(file, 'utf8')}\n})`;
  fs.writeFileSync(`${file}.v8cache`, new vm.Script(wrapped, { filename: file }).createCachedData());
}
console.log(`bundle-cli: ${Object.keys(entries).length} bundles in ${path.relative(root, path.join(cli, 'bundle'))}`);
