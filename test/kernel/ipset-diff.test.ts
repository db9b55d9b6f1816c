// The differential test: every command line of ipset-diff-cases.ts runs with
// /usr/sbin/ipset and with `nlkit ipset` in twin fresh network namespaces that
// start from the same state (made by ipset restore). stdout, stderr, the exit
// status and the resulting `ipset save` must be identical, with what differs
// between any two runs masked: initval, memory sizes, remaining timeouts, and
// batch mode's prompt (ipset prints it on a pipe too; nlkit only on a terminal).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { test } from 'node:test';
import { ipsetCli } from '../../src/cli/ipset.js';
import { createNetns, hasCommand, type Netns } from '../helpers/netns.js';
import { BASE, type DiffCase, diffCases } from './ipset-diff-cases.js';

const canRun = process.getuid?.() === 0 && hasCommand('ip') && hasCommand('ipset');

interface Outcome { status: number; stdout: string; stderr: string; save: string }

function run(cmd: string, args: string[], input = ''): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.stdin.on('error', () => {});
    p.stdin.end(input);
    p.on('close', (code) => resolve({ status: code ?? 1, stdout, stderr }));
  });
}

// nsenter: much cheaper than `ip netns exec`, which remounts /sys for every command.
const inNs = (ns: Netns, argv: string[], input?: string) => run('nsenter', [`--net=/run/netns/${ns.name}`, 'ipset', ...argv], input);

async function nlkit(ns: Netns, argv: string[], input: string): Promise<{ status: number; stdout: string; stderr: string }> {
  const out = new PassThrough(), err = new PassThrough();
  let stdout = '', stderr = '';
  out.on('data', (d) => (stdout += d));
  err.on('data', (d) => (stderr += d));
  const status = await ipsetCli(argv, { stdout: out, stderr: err, stdin: Readable.from([Buffer.from(input)]), netns: ns.name });
  return { status, stdout, stderr };
}

/** Members of a hash set come in hash order, which initval (random) decides: compare them sorted. */
function sortMembers(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let run: string[] = [];
  let key = '';
  const flush = () => { out.push(...run.sort()); run = []; };
  for (const l of lines) {
    const m = /^(add \S+ )/.exec(l)?.[1] ?? (l.startsWith('<member>') ? '<member>' : undefined);
    const inMembers = m === undefined && key.startsWith('M') && l !== '' && !l.startsWith('Name: ');
    const k = m ?? (inMembers ? key : '');
    if (k !== key || !k) flush();
    key = l === 'Members:' ? 'M' : k;
    if (k) run.push(l);
    else out.push(l);
  }
  flush();
  return out.join('\n');
}

/** What may differ between two runs of the same command. */
export function mask(text: string, sorted = false): string {
  return (sorted ? text : sortMembers(text))
    .replace(/initval 0x[0-9a-f]{8}/g, 'initval X').replace(/<initval>0x[0-9a-f]{8}<\/initval>/g, '<initval>X</initval>')
    .replace(/^Size in memory: \d+$/gm, 'Size in memory: X').replace(/<memsize>\d+<\/memsize>/g, '<memsize>X</memsize>')
    .replace(/^((?:add \S+ )?\S+ .*?timeout )\d+/gm, (m, a: string) => (/^(create|Header:)/.test(a) ? m : `${a}T`))
    .replace(/<timeout>\d+<\/timeout>(?=.*<\/member>)/g, '<timeout>T</timeout>');
}

/** Empties a namespace's sets (list:set references go with the flush) and loads the setup. */
const reset = (ns: Netns, setup: string) => inNs(ns, ['restore'], `flush\ndestroy\n${setup}`);

/**
 * One line on twin namespaces. Each worker keeps its pair and empties it between lines (fresh
 * namespaces per line cost seconds of kernel teardown each): both start from no sets, then the setup.
 */
async function one(c: DiffCase, a: Netns, b: Netns): Promise<{ ref: Outcome; mine: Outcome }> {
  const setup = c.setup ?? BASE;
  await Promise.all([reset(a, setup), reset(b, setup)]);
  const [r, m] = await Promise.all([inNs(a, c.argv, c.stdin ?? ''), nlkit(b, c.argv, c.stdin ?? '')]);
  const [sa, sb] = await Promise.all([inNs(a, ['save']), inNs(b, ['save'])]);
  const batch = c.argv.includes('-');
  const sorted = c.argv.some((w) => /^--?s(orted)?$/.test(w));
  const norm = (o: { status: number; stdout: string; stderr: string }, save: string): Outcome => ({
    status: o.status, stdout: mask(batch ? o.stdout.replaceAll('ipset> ', '') : o.stdout, sorted), stderr: mask(o.stderr), save: mask(save),
  });
  return { ref: norm(r, sa.stdout), mine: norm(m, sb.stdout) };
}

test('differential: nlkit ipset answers every command line as ipset 7.17 does', { skip: canRun ? false : 'needs root, ip and ipset', timeout: 900_000 }, async (t) => {
  const cases = diffCases();
  const only = process.env.NLKIT_DIFF_ONLY;
  // In the QEMU guest (slow, emulated) the lines of the set types the host's kernel lacks are run;
  // on the host they answer "set type not supported" on both sides.
  const subset = process.env.NLKIT_DIFF_SUBSET === 'guest-types';
  const selected = only ? cases.filter((c) => c.group === only || c.argv.join(' ').includes(only))
    : subset ? cases.filter((c) => c.guest) : cases;
  const results: { c: DiffCase; ref: Outcome; mine: Outcome }[] = [];
  let next = 0;
  const workers = Array.from({ length: Number(process.env.NLKIT_DIFF_JOBS ?? 4) }, async () => {
    const a = createNetns('nlkit-dfa'), b = createNetns('nlkit-dfb');
    try {
      while (next < selected.length) {
        const c = selected[next++]!;
        results.push({ c, ...(await one(c, a, b)) });
      }
    } finally {
      a.destroy();
      b.destroy();
    }
  });
  await Promise.all(workers);
  const groups = new Map<string, { same: number; differ: number }>();
  const differ: string[] = [];
  for (const { c, ref, mine } of results) {
    const g = groups.get(c.group) ?? { same: 0, differ: 0 };
    groups.set(c.group, g);
    const same = ref.status === mine.status && ref.stdout === mine.stdout && ref.stderr === mine.stderr && ref.save === mine.save;
    if (same) g.same++;
    else {
      g.differ++;
      const show = (o: Outcome) => JSON.stringify({ status: o.status, stdout: o.stdout.slice(0, 400), stderr: o.stderr.slice(0, 400), ...(ref.save !== mine.save ? { save: o.save.slice(0, 600) } : {}) });
      differ.push(`ipset ${c.argv.map((w) => JSON.stringify(w)).join(' ')}${c.stdin !== undefined ? ` <<< ${JSON.stringify(c.stdin.slice(0, 120))}` : ''}\n  ipset: ${show(ref)}\n  nlkit: ${show(mine)}`);
    }
  }
  const total = results.length;
  const same = results.length - differ.length;
  t.diagnostic(`${total} command lines: ${same} identical, ${differ.length} differ`);
  for (const [g, n] of groups) t.diagnostic(`  ${g}: ${n.same} identical, ${n.differ} differ`);
  if (process.env.NLKIT_DIFF_REPORT) (await import('node:fs')).writeFileSync(process.env.NLKIT_DIFF_REPORT, differ.join('\n') + '\n');
  assert.ok(only || subset || total >= 600, `at least 600 command lines (got ${total})`);
  assert.equal(differ.length, 0, `${differ.length} of ${total} command lines answer differently:\n${differ.slice(0, 40).join('\n')}`);
});
