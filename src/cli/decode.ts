// `nlkit decode [FILE|-] [--format F] [--protocol P] [--family name=id ...] [--json]`:
// parse the arguments, stream the capture through decodeStream, print each message.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeStream } from '../decode/decode.js';
import { formatMessageJson } from '../decode/format-json.js';
import { formatMessage } from '../decode/format-text.js';
import type { DecodeOptions } from '../decode/types.js';
import type { InputFormat } from '../decode/inputs/index.js';
import type { DecodedMessage } from '../decode/types.js';
import { TsEmitter } from '../decode/emit-ts.js';
import { startTraced } from './decode-exec.js';
import type { CliIO } from './io.js';

const USAGE = `Usage: nlkit decode [FILE|-] [options]
       nlkit decode [options] --exec -- CMD [ARGS...]

Decodes captured netlink traffic: strace output, hex dumps, nlmon pcap/pcapng files, or raw
netlink bytes. Reads stdin when FILE is absent or '-'. With --exec, runs CMD under strace and
decodes its netlink traffic while it runs (CMD's own output goes to stderr, prefixed 'CMD| ').

Exact bytes: strace decodes netlink itself, and what it prints symbolically (if_nametoindex("lo"),
structures it names but does not dump, names this tool does not know) can only be rebuilt
approximately. Values rebuilt that way are marked '~' (JSON: "approximate"). For exact bytes,
capture with strace's hex dumps:
  strace -f -xx -s 65536 -e trace=network -e read=all -e write=all -o trace.txt CMD
or use --exec, which does exactly that.

Options:
  --format F          strace | hex | pcap | raw   (default: detected)
  --protocol P        route | generic | netfilter | NUMBER: for captures that do not say (default: guessed)
  --family NAME=ID    a generic netlink family id, e.g. --family nl80211=0x1c (repeatable)
  --peeks             also show MSG_PEEK reads (skipped by default: the same bytes are read again)
  --json              one JSON object per message (NDJSON)
  --exec              run the command after '--' under strace and decode it live
  --emit ts           print, for each request, the nlkit call that sends the same message
  -h, --help          this help

Exit status: 0 when every message decoded from exact bytes; 2 when some could not be decoded
(they are shown with the error and its offset); 3 when all decoded but some values are
approximate (rebuilt from strace's symbolic decoding); 1 for a usage error, an unreadable file,
input that is not netlink traffic, or input without any message (with --exec: also when strace
is missing or CMD cannot be run).
`;

const FORMATS: readonly InputFormat[] = ['strace', 'hex', 'pcap', 'raw'];

function parseFamily(spec: string): [string, number] {
  const eq = spec.indexOf('=');
  const name = eq > 0 ? spec.slice(0, eq).trim() : '';
  const idText = eq > 0 ? spec.slice(eq + 1).trim() : '';
  const id = /^0x[0-9a-f]+$/i.test(idText) ? parseInt(idText.slice(2), 16) : /^\d+$/.test(idText) ? Number(idText) : NaN;
  if (!name || !Number.isInteger(id) || id < 0x10 || id > 0xffff) {
    throw new RangeError(`--family expects NAME=ID with ID 16..65535 in decimal or 0x hex, got '${spec}'`);
  }
  return [name, id];
}

/** Writes and waits for the stream to drain when it asks to (constant memory on big captures). */
function writer(out: NodeJS.WritableStream): (s: string) => Promise<void> | undefined {
  return (s) => {
    if (out.write(s)) return undefined;
    return new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
}

export async function decodeCli(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        protocol: { type: 'string' },
        family: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        peeks: { type: 'boolean' },
        exec: { type: 'boolean' },
        emit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.stderr.write(`nlkit decode: ${(e as Error).message}\n\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length > 1 && !values.exec) {
    io.stderr.write(`nlkit decode: one capture at a time (got ${positionals.length} files)\n`);
    return 1;
  }
  const opts: DecodeOptions = {};
  if (values.format !== undefined && values.format !== 'auto') {
    if (!FORMATS.includes(values.format as InputFormat)) {
      io.stderr.write(`nlkit decode: unknown format '${values.format}' (strace, hex, pcap or raw)\n`);
      return 1;
    }
    opts.format = values.format as InputFormat;
  }
  if (values.protocol !== undefined) opts.protocol = values.protocol;
  if (values.peeks) opts.peeks = true;
  try {
    if (values.family?.length) opts.families = Object.fromEntries(values.family.map(parseFamily));
  } catch (e) {
    io.stderr.write(`nlkit decode: ${(e as Error).message}\n`);
    return 1;
  }

  if (values.emit !== undefined && values.emit !== 'ts') {
    io.stderr.write(`nlkit decode: --emit takes 'ts' (TypeScript), got '${values.emit}'\n`);
    return 1;
  }
  const emit = values.emit === 'ts';
  if (emit) opts.bytes = true;
  if (values.exec) {
    let traced;
    try {
      traced = startTraced(positionals, io);
    } catch (e) {
      io.stderr.write(`nlkit decode: ${(e as Error).message}\n`);
      return 1;
    }
    opts.format = 'strace';
    const status = await run(traced.trace, opts, { json: values.json === true, emit }, io);
    const r = await traced.done;
    if (r.error) {
      io.stderr.write(`nlkit decode: ${r.error}\n`);
      return 1;
    }
    if (r.status !== 0) io.stderr.write(`nlkit decode: ${positionals[0]} exited with status ${r.status}\n`);
    return status;
  }

  const file = positionals[0];
  let input: AsyncIterable<Uint8Array>;
  if (file === undefined || file === '-') {
    input = io.stdin as AsyncIterable<Uint8Array>;
  } else {
    try {
      const st = fs.statSync(file);
      if (st.isDirectory()) throw Object.assign(new Error(`${file} is a directory`), { code: 'EISDIR' });
    } catch (e) {
      io.stderr.write(`nlkit decode: cannot read ${file}: ${(e as Error).message}\n`);
      return 1;
    }
    input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  }

  return run(input, opts, { json: values.json === true, emit }, io);
}

const plural = (n: number, one: string, many = one + 's'): string => `${n} ${n === 1 ? one : many}`;

/** Decodes a capture stream to io.stdout; the summary and exit status as described in USAGE. */
export async function run(input: AsyncIterable<Uint8Array>, opts: DecodeOptions, out: { json: boolean; emit: boolean }, io: CliIO): Promise<number> {
  const write = writer(io.stdout);
  const emitter = out.emit ? new TsEmitter() : undefined;
  const format = emitter ? (m: DecodedMessage) => emitter.message(m) : out.json ? formatMessageJson : formatMessage;
  let count = 0;
  let bad = 0;
  let approx = 0;
  try {
    for await (const m of decodeStream(input, opts)) {
      // The input is not of any format at all (not netlink): an error, not a message.
      if (m.record === -1 && count === 0) {
        io.stderr.write(`nlkit decode: ${m.decodeError?.message ?? 'cannot read the input'}\n`);
        return 1;
      }
      count++;
      if (m.decodeError) bad++;
      if (m.approximate) approx++;
      const wait = write(format(m));
      if (wait) await wait;
    }
  } catch (e) {
    if (e instanceof RangeError) {
      io.stderr.write(`nlkit decode: ${e.message}\n`);
      return 1;
    }
    io.stderr.write(`nlkit decode: cannot read the capture: ${(e as Error).message}\n`);
    return 1;
  }
  if (emitter) {
    const wait = write(emitter.end());
    if (wait) await wait;
  }
  if (count === 0) {
    io.stderr.write('nlkit decode: no netlink messages found\n');
    return 1;
  }
  const parts: string[] = [];
  if (bad) parts.push(`${bad} with decode errors`);
  if (approx) parts.push(`${approx} with approximate values (rebuilt from strace's symbolic decoding; capture with -e read=all -e write=all or use --exec for exact bytes)`);
  if (parts.length) io.stderr.write(`nlkit decode: ${plural(count, 'message')}, ${parts.join(', ')}\n`);
  return bad ? 2 : approx ? 3 : 0;
}
