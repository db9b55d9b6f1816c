// `nlkit ipset ...`: the ipset(8) command line over nlkit's IPSet. Only parses
// arguments, calls the library and prints; messages and exit codes are ipset's.
import fs from 'node:fs';
import { IPSet, IPSetRestoreError } from '../ipset/ipset.js';
import { IPSetArgumentError, IPSetSyntaxError } from '../ipset/entry.js';
import { IPSetError } from '../ipset/errors.js';
import { formatJson, formatPlain, parseCreateWords, type IPSetInfo } from '../ipset/format.js';
import { NetlinkError } from '../netlink/errors.js';

export interface IPSetCliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  netns?: string;
}

/** ipset prefixes its errors with its name and version; nlkit keeps the words so scripts that match them still work. */
const PREFIX = 'ipset v7.17: ';
const HINT = "Try `ipset help' for more information.\n";

class Usage extends Error {}

const COMMANDS: Record<string, string> = {
  create: 'create', n: 'create', '-N': 'create', '--create': 'create',
  add: 'add', '-A': 'add', '--add': 'add',
  del: 'del', '-D': 'del', '--del': 'del',
  test: 'test', '-T': 'test', '--test': 'test',
  destroy: 'destroy', x: 'destroy', '-X': 'destroy', '--destroy': 'destroy',
  list: 'list', '-L': 'list', '--list': 'list',
  save: 'save', '-S': 'save', '--save': 'save',
  restore: 'restore', '-R': 'restore', '--restore': 'restore',
  flush: 'flush', '-F': 'flush', '--flush': 'flush',
  rename: 'rename', e: 'rename', '-E': 'rename', '--rename': 'rename',
  swap: 'swap', w: 'swap', '-W': 'swap', '--swap': 'swap',
  version: 'version', '-V': 'version', '-v': 'version', '--version': 'version',
  help: 'help', '-h': 'help', '--help': 'help',
};

interface Parsed {
  cmd?: string;
  args: string[];
  exist: boolean;
  name: boolean;
  terse: boolean;
  output: 'plain' | 'save' | 'json' | 'xml';
  file?: string;
  quiet: boolean;
}

function parseArgv(argv: string[]): Parsed {
  const p: Parsed = { args: [], exist: false, name: false, terse: false, output: 'plain', quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const opt = a.startsWith('--') ? a.slice(1) : a;
    if (!p.cmd && COMMANDS[a]) {
      p.cmd = COMMANDS[a];
      continue;
    }
    switch (opt) {
      case '-exist': case '-!': p.exist = true; continue;
      case '-n': case '-name': p.name = true; continue;
      case '-t': case '-terse': p.terse = true; continue;
      case '-q': case '-quiet': p.quiet = true; continue;
      case '-s': case '-sorted': case '-r': case '-resolve': continue;
      case '-o': case '-output': {
        const m = argv[++i];
        if (m !== 'plain' && m !== 'save' && m !== 'json' && m !== 'xml') throw new IPSetSyntaxError(`Syntax error: unknown output mode '${m ?? ''}'`);
        p.output = m;
        continue;
      }
      case '-f': case '-file': {
        const f = argv[++i];
        if (f === undefined) throw new Usage('Missing mandatory argument to option -file');
        p.file = f;
        continue;
      }
    }
    if (!p.cmd) throw new Usage(`No command specified: unknown argument ${a}`);
    p.args.push(a);
  }
  return p;
}

function write(s: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (s.write(text)) resolve();
    else s.once('drain', resolve);
  });
}

async function readAll(s: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const c of s as AsyncIterable<Buffer | string>) out += typeof c === 'string' ? c : c.toString('utf8');
  return out;
}

function need(p: Parsed, n: number): void {
  if (p.args.length < 1 && n >= 1) throw new Usage(`Missing mandatory argument to command ${p.cmd}`);
  if (p.args.length < 2 && n >= 2) throw new Usage(`Missing second mandatory argument to command ${p.cmd}`);
}

function xmlText(sets: IPSetInfo[], terse: boolean): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let out = '<ipsets>\n';
  for (const s of sets) {
    out += `<ipset name="${esc(s.name)}">\n<type>${s.type}</type>\n<revision>${s.revision}</revision>\n<header>`;
    for (const w of s.headerText.split(' ').reduce<string[][]>((acc, word, i, arr) => {
      if (/^[a-z]+$/.test(word) && (i + 1 >= arr.length || /^[a-z]+$/.test(arr[i + 1]!) )) acc.push([word]);
      else if (/^[a-z]+$/.test(word)) acc.push([word, arr[i + 1]!]);
      return acc;
    }, [])) out += w.length === 1 ? `<${w[0]}/>` : `<${w[0]}>${esc(w[1]!)}</${w[0]}>`;
    out += `\n<memsize>${s.header.memsize ?? 0}</memsize>\n<references>${s.header.references ?? 0}</references>\n<numentries>${s.header.elements ?? s.entries.length}</numentries>\n</header>\n`;
    if (!terse) {
      out += '<members>\n';
      for (const e of s.entries) out += `<member><elem>${esc(e.elem)}</elem></member>\n`;
      out += '</members>\n';
    }
    out += '</ipset>\n';
  }
  return out + '</ipsets>\n';
}

/** Runs `ipset ARGS...`; resolves with the exit code. */
export async function ipsetCli(argv: string[], io: IPSetCliIO): Promise<number> {
  let ipset: IPSet | undefined;
  let p: Parsed | undefined;
  try {
    p = parseArgv(argv);
    if (!p.cmd) throw new Usage('No command specified.');
    if (p.cmd === 'help') {
      await write(io.stdout, 'nlkit ipset: the ipset(8) command line over nlkit.\nCommands: create add del test destroy list save restore flush rename swap version help\nOptions: -exist -! -n/-name -t/-terse -o/-output plain|save|json|xml -f/-file FILE\n');
      return 0;
    }
    const open = () => IPSet.open(io.netns ? { netns: io.netns } : {});
    if (p.cmd === 'version') {
      ipset = await open();
      await write(io.stdout, `ipset v7.17 (nlkit), protocol version: ${ipset.protocol}\n`);
      return 0;
    }
    // Check arguments before opening anything.
    switch (p.cmd) {
      case 'create': case 'add': case 'del': case 'test': case 'rename': case 'swap': need(p, 2); break;
    }
    if (p.cmd === 'create') parseCreateWords(p.args.slice(2));
    ipset = await open();
    const [a0, a1] = p.args;
    switch (p.cmd) {
      case 'create':
        await ipset.create(a0!, a1!, { ...parseCreateWords(p.args.slice(2)), exist: p.exist });
        return 0;
      case 'add':
        await ipset.add(a0!, p.args.slice(1).map(q).join(' '), { exist: p.exist });
        return 0;
      case 'del':
        await ipset.del(a0!, p.args.slice(1).map(q).join(' '), { exist: p.exist });
        return 0;
      case 'test': {
        const yes = await ipset.test(a0!, p.args.slice(1).map(q).join(' '));
        if (yes) {
          if (!p.quiet) await write(io.stderr, `Warning: ${a1} is in set ${a0}.\n`);
          return 0;
        }
        if (!p.quiet) await write(io.stderr, `${a1} is NOT in set ${a0}.\n`);
        return 1;
      }
      case 'destroy':
        if (p.args.length > 1) throw new Usage(`Unknown argument ${p.args[1]}`);
        await ipset.destroy(a0, { exist: p.exist });
        return 0;
      case 'flush':
        if (p.args.length > 1) throw new Usage(`Unknown argument ${p.args[1]}`);
        await ipset.flush(a0);
        return 0;
      case 'rename':
        await ipset.rename(a0!, a1!);
        return 0;
      case 'swap':
        await ipset.swap(a0!, a1!);
        return 0;
      case 'save': case 'list': {
        if (p.args.length > 1) throw new Usage(`Unknown argument ${p.args[1]}`);
        const mode = p.cmd === 'save' ? 'save' : p.output;
        if (p.name && p.cmd === 'list') {
          const names = a0 === undefined ? await ipset.names() : [(await ipset.header(a0)).name];
          await write(io.stdout, names.map((n) => n + '\n').join(''));
          return 0;
        }
        if (mode === 'save') {
          for await (const chunk of ipset.saveChunks(a0)) await write(io.stdout, chunk);
          return 0;
        }
        const sets = await ipset.lists({ name: a0, terse: p.terse });
        if (mode === 'json') await write(io.stdout, formatJson(sets));
        else if (mode === 'xml') await write(io.stdout, xmlText(sets, p.terse));
        else await write(io.stdout, sets.map((s) => formatPlain(s, p!.terse)).join('\n'));
        return 0;
      }
      case 'restore': {
        const text = p.file ? fs.readFileSync(p.file, 'utf8') : await readAll(io.stdin);
        const tty = (io.stderr as NodeJS.WriteStream).isTTY === true;
        const big = text.length > 1 << 20;
        let lastDraw = 0;
        const progress = tty && big
          ? (done: number, total: number) => {
            const now = Date.now();
            if (now - lastDraw < 100 && done < total) return;
            lastDraw = now;
            const pct = Math.min(100, Math.floor((done / Math.max(total, 1)) * 100));
            const bar = '#'.repeat(Math.floor(pct / 4)).padEnd(25, '.');
            io.stderr.write(`\rrestore [${bar}] ${pct}% (${done}/${total} lines)`);
          }
          : undefined;
        try {
          await ipset.restore(text, { exist: p.exist, onProgress: progress });
        } finally {
          if (progress) io.stderr.write('\n');
        }
        return 0;
      }
    }
    throw new Usage(`No command specified: unknown argument ${p.cmd}`);
  } catch (e) {
    if (e instanceof Usage || e instanceof IPSetArgumentError) {
      await write(io.stderr, `${PREFIX}${e.message}\n${HINT}`);
      return 2;
    }
    if (e instanceof IPSetRestoreError || e instanceof IPSetError || e instanceof IPSetSyntaxError) {
      await write(io.stderr, `${PREFIX}${e instanceof IPSetError ? e.reason : e.message}\n`);
      return 1;
    }
    if (e instanceof NetlinkError) {
      await write(io.stderr, `${PREFIX}Kernel error received: ${e.message}\n`);
      return 1;
    }
    await write(io.stderr, `${PREFIX}${(e as Error).message}\n`);
    return 1;
  } finally {
    ipset?.close();
  }
}

/** Words that held spaces (comments) are quoted again for the entry parser. */
function q(w: string): string {
  return /\s/.test(w) || w === '' ? `"${w}"` : w;
}
