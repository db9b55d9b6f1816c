// `nlkit decode [FILE|-] [--format F] [--protocol P] [--family name=id ...] [--json]`:
// parse the arguments, stream the capture through decodeStream, print each message.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeStream } from '../decode/decode.js';
import { formatMessageJson } from '../decode/format-json.js';
import { formatMessage } from '../decode/format-text.js';
import type { DecodeOptions } from '../decode/types.js';
import type { InputFormat } from '../decode/inputs/index.js';
import type { CliIO } from './io.js';

const USAGE = `Usage: nlkit decode [FILE|-] [options]

Decodes captured netlink traffic: strace output (strace -f -e trace=network -e write=all -e read=all),
hex dumps, nlmon pcap/pcapng files, or raw netlink bytes. Reads stdin when FILE is absent or '-'.

Options:
  --format F          strace | hex | pcap | raw   (default: detected)
  --protocol P        route | generic | netfilter | NUMBER: for captures that do not say (default: guessed)
  --family NAME=ID    a generic netlink family id, e.g. --family nl80211=0x1c (repeatable)
  --peeks             also show MSG_PEEK reads (skipped by default: the same bytes are read again)
  --json              one JSON object per message (NDJSON)
  -h, --help          this help

Exit status: 0 when every message decoded, 2 when some could not be (they are shown with the error
and its offset), 1 for a usage error or an unreadable file.
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
  if (positionals.length > 1) {
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

  const write = writer(io.stdout);
  const format = values.json ? formatMessageJson : formatMessage;
  let count = 0;
  let bad = 0;
  try {
    for await (const m of decodeStream(input, opts)) {
      count++;
      if (m.decodeError) bad++;
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
  if (count === 0) io.stderr.write('nlkit decode: no netlink messages found\n');
  else if (bad) io.stderr.write(`nlkit decode: ${count} messages, ${bad} with decode errors\n`);
  return bad ? 2 : 0;
}
