// Shared helpers of the guest (mac80211_hwsim) tests: running `iw` and `nlkit iw`
// side by side, hostapd / wpa_supplicant in /tmp, waiting, and comparing iw text
// on its stable lines.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IW } from '../../src/nl80211/iw.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/src/cli/main.js, next to this compiled file's tree. */
export const MAIN = path.resolve(here, '../../src/cli/main.js');

/** Why the nl80211 tests cannot run here (undefined = they can). */
export async function nl80211Missing(): Promise<string | undefined> {
  try {
    const iw = await IW.open();
    iw.close();
    return undefined;
  } catch (e) {
    return `no nl80211 here (${(e as Error).message}); these tests run in the QEMU guest: scripts/guest/run.sh 'node --test dist/test/guest/'`;
  }
}

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/** Skip reason for a missing tool, printed loudly. */
export function needTools(...names: string[]): string | undefined {
  const missing = names.filter((n) => !hasTool(n));
  if (!missing.length) return undefined;
  const why = `SKIPPED: ${missing.join(', ')} not installed in the guest`;
  process.stderr.write(`# ${why}\n`);
  return why;
}

export interface Run {
  stdout: string;
  stderr: string;
  status: number;
}

export function run(cmd: string, args: string[], timeoutMs = 60000): Run {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status ?? -1 };
}

export function iwTool(...args: string[]): Run {
  return run('iw', args);
}

/** `nlkit iw ARGS` through the main CLI. */
export function nlkitIw(...args: string[]): Run {
  return run(process.execPath, [MAIN, 'iw', ...args]);
}

export function ipLink(dev: string, state: 'up' | 'down'): void {
  const r = run('ip', ['link', 'set', dev, state]);
  if (r.status !== 0) throw new Error(`ip link set ${dev} ${state}: ${r.stderr}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 30000, stepMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(stepMs);
  }
}

/** A daemon started with -B and a pid file; stop() kills it by its pid. */
export class Daemon {
  constructor(readonly name: string, readonly pidFile: string, readonly log: string) {}

  static start(name: string, args: string[], tag: string): Daemon {
    const pidFile = `/tmp/nlkit-${tag}.pid`;
    const log = `/tmp/nlkit-${tag}.log`;
    fs.rmSync(pidFile, { force: true });
    const r = spawnSync(name, [...args, '-B', '-P', pidFile], { encoding: 'utf8', timeout: 30000 });
    fs.writeFileSync(log, (r.stdout ?? '') + (r.stderr ?? ''));
    if (r.status !== 0) throw new Error(`${name} failed (${r.status}): ${r.stdout}${r.stderr}`);
    return new Daemon(name, pidFile, log);
  }

  async stop(): Promise<void> {
    let pid: number | undefined;
    for (let i = 0; i < 20 && pid === undefined; i++) {
      try {
        pid = Number(fs.readFileSync(this.pidFile, 'utf8').trim());
      } catch {
        await sleep(100);
      }
    }
    if (!pid) return;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 50; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await sleep(100);
    }
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

export function hostapdConf(opts: { iface: string; ssid: string; channel: number; passphrase?: string; extra?: string[] }): string {
  const lines = [
    `interface=${opts.iface}`, 'driver=nl80211', `ssid=${opts.ssid}`, 'hw_mode=g', `channel=${opts.channel}`,
  ];
  if (opts.passphrase) lines.push('wpa=2', `wpa_passphrase=${opts.passphrase}`, 'wpa_key_mgmt=WPA-PSK', 'rsn_pairwise=CCMP');
  lines.push(...(opts.extra ?? []));
  const file = `/tmp/nlkit-hostapd-${opts.iface}-${opts.ssid}.conf`;
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

export function wpaConf(opts: { ssid: string; passphrase?: string }): string {
  const net = opts.passphrase
    ? `network={\n  ssid="${opts.ssid}"\n  psk="${opts.passphrase}"\n  key_mgmt=WPA-PSK\n}\n`
    : `network={\n  ssid="${opts.ssid}"\n  key_mgmt=NONE\n}\n`;
  const file = `/tmp/nlkit-wpa-${opts.ssid}.conf`;
  fs.writeFileSync(file, net);
  return file;
}

/** Lines of iw text without those matching any pattern (live counters, times). */
export function stableLines(text: string, volatile: RegExp[]): string[] {
  return text.split('\n').filter((l) => !volatile.some((re) => re.test(l)));
}

/** Removes the blocks under "HE Iftypes:"/"EHT Iftypes:" headers (nlkit prints only the headers). */
export function withoutHeEht(text: string): string {
  const out: string[] = [];
  let skipDepth = -1;
  for (const l of text.split('\n')) {
    const depth = l.length - l.replace(/^\t+/, '').length;
    if (skipDepth >= 0) {
      if (depth > skipDepth) continue;
      skipDepth = -1;
    }
    out.push(l);
    if (/^\t+(HE|EHT) Iftypes:/.test(l)) skipDepth = depth;
  }
  return out.join('\n');
}

/** Spawns a long-running process (e.g. `iw event`) and collects its output. */
export function collect(cmd: string, args: string[]): { stop(): Promise<string> } {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let buf = '';
  child.stdout.on('data', (d: Buffer) => (buf += d.toString()));
  child.stderr.on('data', (d: Buffer) => (buf += d.toString()));
  return {
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
      return buf;
    },
  };
}
