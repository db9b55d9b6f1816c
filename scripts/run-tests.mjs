#!/usr/bin/env node
// Runs every suite and prints one closing line, "N passed, N failed, N skipped":
//   1. unit tests (no kernel) and host-kernel tests (root; each test makes its own netns), one node --test run;
//   2. inside the QEMU guest (scripts/guest/run.sh, Debian's kernel with mac80211_hwsim), in one boot:
//      the nl80211 suite, and the ipset kernel suite again: that kernel has all 16 set types, where
//      the host lacks five (they are skipped by name on the host); and the ipset differential test's
//      lines for those five types.
// NLKIT_TEST_ONLY=host|guest runs one of them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const only = process.env.NLKIT_TEST_ONLY;
const totals = { pass: 0, fail: 0, skip: 0 };
const problems = [];

function files(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort().map((f) => path.join(dir, f));
}

/** Adds the counts of a TAP stream's closing summary ("# pass N", ...). */
function count(tap, suite) {
  const num = (k) => Number((tap.match(new RegExp(`^# ${k} (\\d+)$`, 'm')) ?? [])[1] ?? NaN);
  const pass = num('pass'), fail = num('fail'), skip = num('skipped'), cancelled = num('cancelled') || 0, todo = num('todo') || 0;
  if (Number.isNaN(pass) || Number.isNaN(fail)) {
    problems.push(`${suite}: no test summary (the runner did not finish)`);
    totals.fail += 1;
    return;
  }
  totals.pass += pass;
  totals.fail += fail + cancelled;
  totals.skip += (skip || 0) + todo;
}

if (only !== 'guest') {
  const host = [...files('dist/test/unit'), ...(process.getuid?.() === 0 ? files('dist/test/kernel') : [])];
  if (process.getuid?.() !== 0) {
    problems.push('host-kernel tests skipped: they need root (ip netns, ipset)');
  }
  const tap = path.join(os.tmpdir(), `nlkit-host-${process.pid}.tap`);
  const r = spawnSync(process.execPath, [
    '--test', '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...host,
  ], { stdio: 'inherit' });
  count(fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '', 'host');
  fs.rmSync(tap, { force: true });
  if (r.status !== 0 && totals.fail === 0) problems.push(`host suite exited with ${r.status}`);
}

if (only !== 'host') {
  // ipset-diff runs its guest subset there (NLKIT_DIFF_SUBSET): lines of the set types the host lacks.
  const guest = [...files('dist/test/guest'), 'dist/test/kernel/ipset.test.js', 'dist/test/kernel/ipset-diff.test.js'].filter((f) => fs.existsSync(f));
  if (!guest.some((f) => f.startsWith('dist/test/guest/'))) {
    problems.push('no guest (nl80211) tests found in dist/test/guest');
  } else {
    process.stdout.write(`\n# in the QEMU guest: the nl80211 suite and ipset on the guest's kernel (${guest.length} files)\n`);
    const started = Date.now();
    const r = spawnSync('bash', ['scripts/guest/run.sh', '--timeout', '1500', '--',
      process.execPath, '--test', '--test-concurrency=1', '--test-reporter=tap', ...guest], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28, env: { ...process.env, NLKIT_DIFF_SUBSET: 'guest-types', NLKIT_DIFF_JOBS: '1' },
    });
    process.stdout.write(r.stdout ?? '');
    process.stdout.write(`# guest run time: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    count(r.stdout ?? '', 'guest');
    if (r.status === 124 || r.status === 125) problems.push(`guest run failed (exit ${r.status}: ${r.status === 124 ? 'timeout' : 'did not boot'})`);
  }
}

for (const p of problems) process.stdout.write(`# ${p}\n`);
process.stdout.write(`${totals.pass} passed, ${totals.fail} failed, ${totals.skip} skipped\n`);
process.exitCode = totals.fail > 0 || problems.some((p) => p.startsWith('guest run failed')) ? 1 : 0;
