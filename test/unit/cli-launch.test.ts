// The nlkit bin (src/cli/launch.cts): it runs each one-shot command from its prebuilt bundle with
// V8's code cache, and must behave exactly as the ES-module entry (main.js) does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { repoRoot } from '../helpers/netns.js';

const cli = path.join(repoRoot(), 'dist', 'src', 'cli');
const run = (entry: string, args: string[]) => spawnSync(process.execPath, [path.join(cli, entry), ...args], { encoding: 'utf8' });

test('the launcher and main.js agree: version, help, unknown options and commands, a command error', () => {
  for (const args of [['--version'], ['--help'], [], ['--bogus'], ['nosuchcommand'], ['ipset', 'add'], ['decode', '/nonexistent/file']]) {
    const a = run('launch.cjs', args);
    const b = run('main.js', args);
    assert.equal(a.status, b.status, `exit status of nlkit ${args.join(' ')}`);
    assert.equal(a.stdout, b.stdout, `stdout of nlkit ${args.join(' ')}`);
    assert.equal(a.stderr, b.stderr, `stderr of nlkit ${args.join(' ')}`);
  }
});

test('every bundle has a code cache that V8 accepts (made over the launcher\'s wrapper text)', (t) => {
  const dir = path.join(cli, 'bundle');
  if (!fs.existsSync(dir)) {
    t.skip('no bundles: esbuild is not installed, the launcher runs the modules');
    return;
  }
  const names = fs.readdirSync(dir).filter((f) => f.endsWith('.cjs'));
  assert.deepEqual(names.sort(), ['decode.cjs', 'genl.cjs', 'ipset.cjs', 'iw.cjs', 'main.cjs']);
  for (const f of names) {
    const file = path.join(dir, f);
    const wrapped = `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(file, 'utf8')}\n})`;
    const s = new vm.Script(wrapped, { filename: file, cachedData: fs.readFileSync(`${file}.v8cache`) });
    assert.equal(s.cachedDataRejected, false, `${f}: cache rejected`);
  }
});
