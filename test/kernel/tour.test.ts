// The README's first command ends in `nlkit tour`: it must run with no
// configuration, in its own namespace, and leave the machine's sets alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { hasCommand, repoRoot } from '../helpers/netns.js';

test('nlkit tour runs every step in a throwaway namespace', { timeout: 120_000 }, () => {
  const before = hasCommand('ipset') ? execFileSync('ipset', ['list', '-n'], { encoding: 'utf8' }) : '';
  const r = spawnSync(process.execPath, [path.join(repoRoot(), 'dist', 'src', 'cli', 'main.js'), 'tour'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  for (const section of ['== generic netlink', '== ipset', '== decode', '== nl80211']) assert.ok(r.stdout.includes(section), section);
  assert.match(r.stdout, /added 200000 entries .* 0 refused/);
  assert.match(r.stdout, /test 192\.0\.2\.1: true; test 198\.51\.100\.1: false/);
  assert.match(r.stdout, /create tour hash:ip family inet/);
  assert.match(r.stdout, /NFNL_SUBSYS_IPSET<<8\|IPSET_CMD_PROTOCOL/);
  if (hasCommand('ipset')) assert.equal(execFileSync('ipset', ['list', '-n'], { encoding: 'utf8' }), before, 'the host\'s sets are untouched');
});
