// `npm pack` gives a tarball that installs into an empty project and works
// there: the prebuilt addon is inside, the API imports, the bin runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../helpers/netns.js';

test('npm pack installs into an empty project and works there', { timeout: 180_000 }, () => {
  const root = repoRoot();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nlkit-pack-'));
  try {
    // dist/ is built by `npm test`; put the compiled addon where the package ships it.
    execFileSync(process.execPath, [path.join(root, 'scripts', 'prebuild.mjs')], { cwd: root, stdio: 'pipe' });
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: root, encoding: 'utf8' });
    const info = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    const files = info[0]!.files.map((f) => f.path);
    assert.ok(files.includes('prebuilds/linux-x64/nlkit_native.node'), 'the tarball carries the linux-x64 addon');
    assert.ok(files.includes('dist/src/index.d.ts'), 'types are published');
    assert.ok(!files.some((f) => f.startsWith('test/')), 'tests are not published');

    const proj = path.join(tmp, 'proj');
    fs.mkdirSync(proj);
    fs.writeFileSync(path.join(proj, 'package.json'), JSON.stringify({ name: 'empty', version: '1.0.0', type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', path.join(tmp, info[0]!.filename)], { cwd: proj, stdio: 'pipe' });

    fs.writeFileSync(path.join(proj, 'use.mjs'), `
      import { GenericNetlink, NetlinkError } from 'nlkit';
      const g = await GenericNetlink.open();
      const f = await g.family('nlctrl');
      let missing = '';
      try { await g.family('no-such-family'); } catch (e) { missing = e instanceof NetlinkError ? e.code : String(e); }
      g.close();
      console.log(JSON.stringify({ id: f.id, missing }));
    `);
    const used = JSON.parse(execFileSync(process.execPath, ['use.mjs'], { cwd: proj, encoding: 'utf8' })) as { id: number; missing: string };
    assert.deepEqual(used, { id: 0x10, missing: 'ENOENT' });

    const cli = execFileSync(path.join(proj, 'node_modules', '.bin', 'nlkit'), ['genl', 'get', 'nlctrl'], { encoding: 'utf8' });
    assert.match(cli, /^\nName: nlctrl\n\tID: 0x10 /);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
