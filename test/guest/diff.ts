// The differential test's machinery: run `iw ARGS` and `nlkit iw ARGS` on the same
// state, mask the live counters and timestamps on both sides, and count iw's
// lines that nlkit reproduces (longest common subsequence, so one missing line
// costs one line, not the rest of the output).
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { iwCli } from '../../src/cli/iw.js';

/** Lines whose value is a live counter or a timestamp: the label stays, the value is masked. */
export const LIVE: readonly RegExp[] = [
  // station dump / station get / link
  /^(\t(?:inactive time|rx bytes|rx packets|tx bytes|tx packets|tx retries|tx failed|rx drop misc|beacon loss|beacon rx|connected time|current time|associated at(?: \[boottime\])?|rx duration|tx duration):)\s.*$/,
  /^(\t(?:RX|TX):)\s.*$/,
  // scan dump
  /^(\tlast seen:)\s.*$/,
  /^(\tTSF:)\s.*$/,
  // survey dump
  /^(\t\tchannel (?:active|busy|receive|transmit) time:)\s.*$/,
];

/** mpath lines: the EXPTIME column (and the SN that counts path refreshes) move between two reads. */
const MPATH = /^((?:[0-9a-f]{2}:){5}[0-9a-f]{2} (?:[0-9a-f]{2}:){5}[0-9a-f]{2} \S+)\t(\d+)\t(\d+)\t(\d+)\t(\d+)(.*)$/;

export function mask(line: string): string {
  const m = MPATH.exec(line);
  if (m) return `${m[1]}\t<sn>\t${m[3]}\t${m[4]}\t<exptime>${m[6]}`;
  for (const re of LIVE) {
    const x = re.exec(line);
    if (x) return `${x[1]} <live>`;
  }
  return line;
}

/** How many lines of `a` appear, in order, in `b` (longest common subsequence). */
export function commonLines(a: string[], b: string[]): number {
  const n = b.length;
  let prev = new Uint32Array(n + 1);
  let cur = new Uint32Array(n + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= n; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    [prev, cur] = [cur, prev];
  }
  return prev[n]!;
}

export interface Compared {
  command: string;
  iwLines: number;
  matched: number;
  masked: number;
  iwStatus: number;
  nlkitStatus: number;
  iwText: string;
  nlkitText: string;
}

const lines = (t: string): string[] => (t.endsWith('\n') ? t.slice(0, -1) : t).split('\n').filter((_, i, all) => !(all.length === 1 && all[0] === ''));

/** `nlkit iw ARGS` in this process (a node start per command would cost seconds under TCG). */
export async function nlkitText(args: string[], netns?: string): Promise<{ text: string; status: number }> {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void): Writable => new Writable({ write(c, _e, cb) { f(String(c)); cb(); } });
  const status = await iwCli(args, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), netns });
  return { text: out + err, status };
}

export function iwText(args: string[], netns?: string): { text: string; status: number } {
  const argv = netns ? ['ip', 'netns', 'exec', netns, 'iw', ...args] : ['iw', ...args];
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 60000 });
  return { text: (r.stdout ?? '') + (r.stderr ?? ''), status: r.status ?? -1 };
}

export async function compare(args: string[], netns?: string): Promise<Compared> {
  const a = iwText(args, netns);
  const b = await nlkitText(args, netns);
  const al = lines(a.text).map(mask);
  const bl = lines(b.text).map(mask);
  return {
    command: `${netns ? `[${netns}] ` : ''}iw ${args.join(' ')}`,
    iwLines: al.length,
    matched: commonLines(al, bl),
    masked: lines(a.text).filter((l, i) => al[i] !== l).length,
    iwStatus: a.status,
    nlkitStatus: b.status,
    iwText: a.text,
    nlkitText: b.text,
  };
}
