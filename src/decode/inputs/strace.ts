// strace output -> CaptureRecords.
//
// Forms understood (see test/unit/decode-inputs.test.ts for the captures they come from):
//  - leaders: `[pid  1234] ` (strace -f), a leading pid column (strace -f -o file), time stamps
//    (-t 13:03:27, -tt 13:03:27.391994, -ttt 1700000000.391994, -r 0.000123); -T <0.000012> suffixes
//  - `<unfinished ...>` / `<... recvmsg resumed>` pairs, per pid, joined into one call
//  - sendto/send/write/sendmsg/writev/sendmmsg (send) and recvfrom/recv/read/recvmsg/readv/recvmmsg
//    (recv); the buffer printed as a string (-x, -xx, -X raw, default escapes) or decoded as
//    netlink structures (see strace-encode.ts), rebuilt into bytes
//  - `-e write=N -e read=N` dumps (` * 32 bytes in buffer 0` and ` | 00000  20 00 ... |` lines
//    after the call): the exact bytes, used instead of the rebuilt ones
//  - socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC) = 3, close, dup*, fcntl(F_DUPFD), clone/fork:
//    which (pid, fd) is a netlink socket of which protocol; `-y`/`-yy` fd annotations
//  - generic netlink family names as message types (nlmsg_type=nl80211): ids learned from the
//    CTRL_CMD_NEWFAMILY replies seen earlier in the trace
// Other lines (program output, signals, exits, other syscalls) are skipped.

import { CTRL_CMD, ctrlAttrs } from '../../genl/ctrl.js';
import { GENL_HDRLEN, GENL_ID_CTRL } from '../../genl/header.js';
import { AttrIter } from '../../netlink/attr-iter.js';
import { ifinfomsg } from '../../rtnetlink/headers.js';
import { linkAttrs } from '../../rtnetlink/link.js';
import { split } from '../split.js';
import { encodeBuffer, looksDecodedNetlink, type EncodeContext } from './strace-encode.js';
import {
  CONSTANTS,
  protocolOfTypeName,
} from './strace-names.js';
import { field, parseCall, StraceSyntaxError, type ParsedCall, type SVal } from './strace-value.js';
import type { CaptureRecord, ReadCaptureOptions } from './types.js';

interface FdInfo {
  netlink: boolean;
  protocol?: number;
}

type Direction = 'send' | 'recv';

const SEND = new Set(['sendto', 'send', 'write', 'sendmsg', 'writev', 'sendmmsg']);
const RECV = new Set(['recvfrom', 'recv', 'read', 'recvmsg', 'readv', 'recvmmsg']);
const SOCKET_IO = new Set(['sendto', 'send', 'sendmsg', 'sendmmsg', 'recvfrom', 'recv', 'recvmsg', 'recvmmsg']);
const FD_CALLS = new Set(['socket', 'close', 'dup', 'dup2', 'dup3', 'fcntl', 'fcntl64', 'clone', 'clone3', 'fork', 'vfork']);

const LEADER = /^(?:\[pid\s+(\d+)\]\s+|(\d+)\s+)?\s*(?:(\d{1,2}:\d{2}:\d{2}(?:\.\d+)?|\d+\.\d+)\s+)?/;
const CALL_START = /^[a-z_][a-z0-9_]*\(/;
const RESUMED = /^<\.\.\. ([a-z_0-9]+) resumed>\s?/;
const UNFINISHED = /\s?<unfinished \.\.\.>\s*$/;
const DUMP_LINE = /^ \| ([0-9a-f]{5,16})  /;
const DUMP_HEAD = /^ \* (\d+) bytes in buffer (\d+)/;

/** Bytes of one ` | 00010  02 00 ...  ascii |` strace dump line (columns are fixed). */
export function parseDumpLine(line: string): { offset: number; bytes: Uint8Array } | undefined {
  const m = DUMP_LINE.exec(line);
  if (!m) return undefined;
  const base = 3 + m[1].length + 2;
  let hex = '';
  for (let i = 0; i < 16; i++) {
    const at = base + 3 * i + (i >= 8 ? 1 : 0);
    const pair = line.slice(at, at + 2);
    if (!/^[0-9a-f]{2}$/.test(pair) || (line.charCodeAt(at + 2) !== 32)) break;
    hex += pair;
  }
  return { offset: parseInt(m[1], 16), bytes: Buffer.from(hex, 'hex') };
}

interface Pending {
  records: CaptureRecord[];
  /** Rebuilds the bytes from the syscall line (done when the call is complete). */
  build: () => void;
  /** Dump buffers seen after the call line. */
  dumps: Uint8Array[][];
  dumpBad: boolean;
  expected?: number;
  direction: Direction;
  /** Unknown descriptor and nothing said netlink: keep the bytes only if they look like netlink. */
  verify?: boolean;
  fdKey?: { pid: number; fd: number };
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  return Buffer.concat(parts);
}

function atomText(v: SVal | undefined): string | undefined {
  return v && v.t === 'atom' ? v.text : undefined;
}

function intOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(0x[0-9a-fA-F]+|-?\d+)/.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

function containsNetlinkAddr(v: SVal | undefined, depth = 0): boolean {
  if (!v || depth > 4) return false;
  if (v.t === 'obj') {
    for (const f of v.fields) {
      if (f.key === 'sa_family') {
        const t = atomText(f.val);
        if (t === 'AF_NETLINK' || intOf(t) === 16) return true;
      }
      if (f.key === 'msg_name' && containsNetlinkAddr(f.val, depth + 1)) return true;
    }
  }
  return false;
}

const CTRL_FAMILY_ID = ctrlAttrs.byName.get('family_id')!.type;
const CTRL_FAMILY_NAME = ctrlAttrs.byName.get('family_name')!.type;
const IFLA_IFNAME = linkAttrs.byName.get('ifname')!.type;
const RTM_NEWLINK = 16;

/** Learns generic netlink family ids from CTRL_CMD_NEWFAMILY messages in `b`. */
function learnGenl(b: Uint8Array, genl: Map<string, number>): void {
  for (const { raw } of split(b).messages) {
    const p = raw.payload;
    if (raw.type !== GENL_ID_CTRL || p.length < GENL_HDRLEN || p[0] !== CTRL_CMD.NEWFAMILY) continue;
    let id: number | undefined;
    let name: string | undefined;
    const it = new AttrIter(p, GENL_HDRLEN, p.length, ctrlAttrs);
    while (it.next()) {
      if (it.type === CTRL_FAMILY_ID && it.len >= 2) id = it.u16();
      else if (it.type === CTRL_FAMILY_NAME && it.len > 0) name = it.string();
    }
    if (id !== undefined && name) genl.set(name, id);
  }
}

/** Learns interface names and indexes from RTM_NEWLINK messages in `b` (for if_nametoindex()). */
function learnLinks(b: Uint8Array, links: Map<string, number>): void {
  for (const { raw } of split(b).messages) {
    const p = raw.payload;
    if (raw.type !== RTM_NEWLINK || p.length < ifinfomsg.size) continue;
    const index = new DataView(p.buffer, p.byteOffset, p.byteLength).getInt32(4, true);
    const it = new AttrIter(p, ifinfomsg.size, p.length, linkAttrs);
    while (it.next()) {
      if (it.type === IFLA_IFNAME && it.len > 0) {
        links.set(it.string(), index);
        break;
      }
    }
  }
}

export class StraceReader {
  private readonly fds = new Map<number, Map<number, FdInfo>>();
  private readonly unfinished = new Map<number, { text: string; line: number; time?: string }>();
  private readonly genl = new Map<string, number>();
  private readonly links = new Map<string, number>();
  private pending: Pending | undefined;
  private readonly useDumps: boolean;

  constructor(opts: ReadCaptureOptions = {}) {
    this.useDumps = opts.straceDumps !== 'ignore';
  }

  /** Feeds one line (without its newline); returns the records it completes. */
  line(raw: string, lineNo: number): CaptureRecord[] | undefined {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.startsWith(' | ') || text.startsWith(' * ')) {
      if (this.pending) this.addDump(this.pending, text);
      return undefined;
    }
    let out = this.flush();
    const recs = this.callLine(text, lineNo);
    if (recs) out = out ? out.concat(recs) : recs;
    return out;
  }

  /** Records still held at the end of input. */
  end(): CaptureRecord[] | undefined {
    const out = this.flush() ?? [];
    for (const [pid, u] of this.unfinished) {
      const m = /^([a-z_0-9]+)\(/.exec(u.text);
      if (m && (SEND.has(m[1]) || RECV.has(m[1]))) {
        out.push({
          bytes: new Uint8Array(0), source: `line ${u.line}`, syscall: m[1],
          error: `${m[1]} call never resumed (<unfinished ...> at end of trace)`,
          ...(pid >= 0 ? { pid } : {}),
        });
      }
    }
    this.unfinished.clear();
    return out.length ? out : undefined;
  }

  private addDump(p: Pending, text: string): void {
    const head = DUMP_HEAD.exec(text);
    if (head) {
      const idx = Number(head[2]);
      while (p.dumps.length <= idx && p.dumps.length < 1024) p.dumps.push([]);
      return;
    }
    const d = parseDumpLine(text);
    if (!d) return;
    if (p.dumps.length === 0) p.dumps.push([]);
    const cur = p.dumps[p.dumps.length - 1];
    let have = 0;
    for (const c of cur) have += c.length;
    if (d.offset !== have) p.dumpBad = true;
    cur.push(d.bytes);
  }

  private flush(): CaptureRecord[] | undefined {
    const p = this.pending;
    if (!p) return undefined;
    this.pending = undefined;
    const useDump = this.useDumps && p.dumps.length > 0 && !p.dumpBad && p.records.length === 1;
    if (useDump) {
      const r = p.records[0];
      const bytes = concat(p.dumps.map(concat));
      r.bytes = bytes;
      delete r.truncated;
      delete r.warning;
      delete r.error;
      if (p.expected !== undefined && bytes.length < p.expected) {
        r.truncated = true;
        r.warning = `hex dump holds ${bytes.length} of ${p.expected} bytes`;
      }
    } else {
      p.build();
    }
    for (const r of p.records) {
      // Only exact bytes teach anything: a rebuilt guess must not spread to later records.
      if (r.direction !== 'recv' || r.bytes.length === 0 || r.truncated || r.error) continue;
      if (r.protocol === undefined || r.protocol === 16) learnGenl(r.bytes, this.genl);
      if (r.protocol === undefined || r.protocol === 0) learnLinks(r.bytes, this.links);
    }
    if (p.verify) {
      for (const r of p.records) if (!r.error && !looksNetlinkBytes(r.bytes)) r.bytes = new Uint8Array(0); // not netlink after all
    }
    const out = p.records.filter((r) => r.bytes.length > 0 || r.error !== undefined);
    return out.length ? out : undefined;
  }

  private table(pid: number): Map<number, FdInfo> {
    let t = this.fds.get(pid);
    if (!t) { t = new Map(); this.fds.set(pid, t); }
    return t;
  }

  private callLine(text: string, lineNo: number): CaptureRecord[] | undefined {
    const lead = LEADER.exec(text);
    const leadLen = lead ? lead[0].length : 0;
    const pidText = lead?.[1] ?? lead?.[2];
    const pid = pidText !== undefined ? Number(pidText) : undefined;
    let time = lead?.[3];
    let rest = text.slice(leadLen);
    const key = pid ?? -1;
    let source = `line ${lineNo}`;

    const res = RESUMED.exec(rest);
    if (res) {
      const u = this.unfinished.get(key);
      const name = res[1];
      if (!u || !u.text.startsWith(name + '(')) {
        if (SEND.has(name) || RECV.has(name)) {
          return [{
            bytes: new Uint8Array(0), source, syscall: name,
            error: `<... ${name} resumed> without its <unfinished ...> start`,
            ...(pid !== undefined ? { pid } : {}),
          }];
        }
        return undefined;
      }
      this.unfinished.delete(key);
      rest = u.text + rest.slice(res[0].length);
      time = u.time; // the call's start, as for lines that are not split
      source = `line ${u.line} (resumed at line ${lineNo})`;
    } else if (!CALL_START.test(rest)) {
      if (rest.startsWith('+++ ')) { // the process is gone, and its descriptors
        this.fds.delete(key);
        this.unfinished.delete(key);
      }
      return undefined;
    }
    const name = rest.slice(0, rest.indexOf('('));
    const isData = SEND.has(name) || RECV.has(name);
    if (!isData && !FD_CALLS.has(name)) return undefined;

    const un = UNFINISHED.exec(rest);
    if (un) {
      this.unfinished.set(key, { text: rest.slice(0, un.index) + ' ', line: lineNo, ...(time !== undefined ? { time } : {}) });
      return undefined;
    }

    let call: ParsedCall;
    try {
      call = parseCall(rest, 0);
    } catch (e) {
      if (!isData) return undefined;
      const msg = e instanceof StraceSyntaxError ? e.message : String(e);
      const fdm = /^[a-z0-9_]+\((\d+)/.exec(rest);
      const direction: Direction = SEND.has(name) ? 'send' : 'recv';
      const r: CaptureRecord = {
        bytes: new Uint8Array(0), source, syscall: name, direction,
        error: `cannot parse ${name} call: ${msg}`,
        ...(pid !== undefined ? { pid } : {}),
        ...(fdm ? { fd: Number(fdm[1]) } : {}),
        ...(time !== undefined ? { time } : {}),
      };
      const info = fdm ? this.fds.get(key)?.get(Number(fdm[1])) : undefined;
      if (info?.protocol !== undefined) r.protocol = info.protocol;
      // A dump that follows still gives the bytes.
      this.pending = { records: [r], build: () => undefined, dumps: [], dumpBad: false, direction };
      return undefined;
    }
    if (!isData) {
      this.fdCall(call, key);
      return undefined;
    }
    this.dataCall(call, key, pid, time, source);
    return undefined;
  }

  private fdInfoFromArg(v: SVal | undefined, key: number): { fd?: number; info?: FdInfo } {
    const text = atomText(v);
    if (text === undefined) return {};
    const m = /^(\d+)(?:<(.*)>)?$/s.exec(text);
    if (!m) return {};
    const fd = Number(m[1]);
    if (m[2] !== undefined) {
      const nl = /^NETLINK:\[(?:([A-Z_0-9]+):)?(\d+)?/.exec(m[2]);
      if (nl) {
        const proto = nl[1] !== undefined ? CONSTANTS.get('NETLINK_' + nl[1]) : undefined;
        return { fd, info: proto !== undefined ? { netlink: true, protocol: proto } : { netlink: true } };
      }
      return { fd, info: { netlink: false } };
    }
    return { fd, info: this.fds.get(key)?.get(fd) };
  }

  private fdCall(call: ParsedCall, key: number): void {
    const ret = intOf(call.ret);
    if (ret === undefined || ret < 0) return;
    const table = this.table(key);
    switch (call.name) {
      case 'socket': {
        const fam = atomText(call.args[0]);
        const netlink = fam === 'AF_NETLINK' || fam === 'PF_NETLINK' || intOf(fam) === 16;
        const info: FdInfo = { netlink };
        if (netlink) {
          const p = atomText(call.args[2]);
          const n = p === undefined ? undefined : (CONSTANTS.get(p) ?? intOf(p));
          if (n !== undefined) info.protocol = n;
        }
        table.set(ret, info);
        return;
      }
      case 'close': {
        const fd = intOf(atomText(call.args[0]));
        if (fd !== undefined) table.delete(fd);
        return;
      }
      case 'dup': case 'dup2': case 'dup3': case 'fcntl': case 'fcntl64': {
        if ((call.name === 'fcntl' || call.name === 'fcntl64') && !/^F_DUPFD/.test(atomText(call.args[1]) ?? '')) return;
        const from = intOf(atomText(call.args[0]));
        const info = from === undefined ? undefined : table.get(from);
        if (info) table.set(ret, { ...info });
        else table.delete(ret);
        return;
      }
      default: { // clone, clone3, fork, vfork: ret is the child's pid
        if (ret === 0) return;
        const flags = JSON.stringify(call.args);
        const shared = /CLONE_FILES|CLONE_THREAD/.test(flags);
        this.fds.set(ret, shared ? table : new Map([...table].map(([k, v]) => [k, { ...v }])));
      }
    }
  }

  private dataCall(call: ParsedCall, key: number, pid: number | undefined, time: string | undefined, source: string): void {
    const name = call.name;
    const direction: Direction = SEND.has(name) ? 'send' : 'recv';
    const { fd, info } = this.fdInfoFromArg(call.args[0], key);
    if (info && !info.netlink) return;
    const ret = intOf(call.ret);
    const failed = ret === undefined || ret < 0;
    if (direction === 'recv' && failed) return; // nothing was read
    const base = (): CaptureRecord => ({
      bytes: new Uint8Array(0), source, direction, syscall: name,
      ...(pid !== undefined ? { pid } : {}),
      ...(fd !== undefined ? { fd } : {}),
      ...(time !== undefined ? { time } : {}),
    });
    const flagsArg = (i: number): string => atomText(call.args[i]) ?? '';
    const failNote = failed && direction === 'send' ? `the call failed (${call.ret ?? '?'}${call.errno ? ' ' + call.errno : ''})` : undefined;

    // Buffers: [value, room] pairs, and the byte count the call moved.
    let bufs: Array<{ v: SVal; room?: number }> = [];
    let moved: number | undefined;
    let peek = false;
    let netlinkAddr = false;
    let mmsg: Array<{ bufs: Array<{ v: SVal; room?: number }>; moved?: number }> | undefined;

    const iovs = (v: SVal | undefined): Array<{ v: SVal; room?: number }> => {
      if (!v || v.t !== 'arr') return [];
      const out: Array<{ v: SVal; room?: number }> = [];
      for (const io of v.items) {
        const b = field(io, 'iov_base');
        if (!b) continue;
        const room = intOf(atomText(field(io, 'iov_len')));
        out.push(room !== undefined ? { v: b, room } : { v: b });
      }
      return out;
    };
    const sum = (l: Array<{ room?: number }>): number | undefined =>
      l.every((b) => b.room !== undefined) ? l.reduce((a, b) => a + (b.room ?? 0), 0) : undefined;

    switch (name) {
      case 'sendto': case 'send': case 'write': case 'recvfrom': case 'recv': case 'read': {
        const b = call.args[1];
        if (!b) return;
        const room = intOf(atomText(call.args[2]));
        bufs = [room !== undefined ? { v: b, room } : { v: b }];
        moved = !failed ? (room !== undefined && direction === 'recv' ? Math.min(ret, room) : ret) : room;
        if (name === 'recvfrom' || name === 'recv') peek = /MSG_PEEK/.test(flagsArg(3));
        netlinkAddr = containsNetlinkAddr(call.args[4]);
        break;
      }
      case 'sendmsg': case 'recvmsg': {
        const msg = call.args[1];
        bufs = iovs(field(msg, 'msg_iov'));
        const room = sum(bufs);
        moved = !failed ? (room !== undefined ? Math.min(ret, room) : ret) : room;
        peek = /MSG_PEEK/.test(flagsArg(2));
        netlinkAddr = containsNetlinkAddr(msg);
        break;
      }
      case 'writev': case 'readv': {
        bufs = iovs(call.args[1]);
        const room = sum(bufs);
        moved = !failed ? (room !== undefined ? Math.min(ret, room) : ret) : room;
        break;
      }
      case 'sendmmsg': case 'recvmmsg': {
        const arr = call.args[1];
        if (!arr || arr.t !== 'arr') return;
        mmsg = [];
        for (const m of arr.items) {
          const hdr = field(m, 'msg_hdr');
          const b = iovs(field(hdr, 'msg_iov'));
          const len = intOf(atomText(field(m, 'msg_len')));
          const room = sum(b);
          mmsg.push({ bufs: b, moved: len !== undefined ? (room !== undefined ? Math.min(len, room) : len) : room });
          netlinkAddr ||= containsNetlinkAddr(hdr);
        }
        peek = /MSG_PEEK/.test(flagsArg(3));
        break;
      }
      default:
        return;
    }

    const groups = mmsg ?? [{ bufs, moved }];
    const records: CaptureRecord[] = groups.map((g, i) => {
      const r = base();
      if (mmsg) r.source = `${source} message ${i}`;
      if (peek) r.peek = true;
      return r;
    });
    const structured = groups.some((g) => g.bufs.some((b) => looksDecodedNetlink(b.v)));
    if (!info && !structured && !netlinkAddr) {
      // Unknown descriptor and nothing strace decoded as netlink: plain reads/writes are not ours;
      // socket calls are kept when their bytes look like netlink messages.
      if (!SOCKET_IO.has(name)) return;
    }
    const genl = this.genl;
    const links = this.links;
    const fdProto = info?.protocol;
    const build = (): void => {
      groups.forEach((g, i) => {
        const r = records[i];
        const ctx: EncodeContext = { genl, links, problems: [] };
        const parts: Uint8Array[] = [];
        let left = g.moved;
        let anyData = false;
        let offset = 0;
        const approximate: NonNullable<CaptureRecord['approximate']> = [];
        try {
          for (const b of g.bufs) {
            const limit = left === undefined ? b.room : b.room === undefined ? left : Math.min(left, b.room);
            ctx.marks = [];
            const bytes = encodeBuffer(b.v, limit, ctx);
            for (const m of ctx.marks) approximate.push({ start: m.start + offset, end: m.end + offset, note: m.note });
            if (bytes === undefined) continue;
            anyData = true;
            offset += bytes.length;
            parts.push(bytes);
            if (left !== undefined) left = Math.max(0, left - bytes.length);
          }
        } catch (e) {
          r.error = `cannot rebuild the buffer: ${e instanceof Error ? e.message : String(e)}`;
        }
        if (!anyData && !r.error) return;
        r.bytes = concat(parts.length ? parts : [new Uint8Array(0)]);
        if (approximate.length) r.approximate = approximate;
        const notes: string[] = [];
        if (ctx.problems.length) notes.push(...new Set(ctx.problems));
        if (g.moved !== undefined && r.bytes.length !== g.moved) {
          notes.push(`rebuilt ${r.bytes.length} bytes, the call moved ${g.moved}`);
        }
        if (direction === 'recv' && ret !== undefined && !mmsg) {
          const room = sum(g.bufs);
          if (room !== undefined && ret > room) notes.push(`the message was ${ret} bytes, the buffer ${room} (MSG_TRUNC)`);
        }
        if (notes.length) {
          r.truncated = true;
          r.warning = notes.join('; ');
        }
        if (failNote) r.warning = r.warning ? `${r.warning}; ${failNote}` : failNote;
      });
    };
    let proto = fdProto;
    if (proto === undefined) {
      const t = firstTypeName(groups[0]?.bufs[0]?.v);
      if (t !== undefined && !/^(?:0x|\d|NLMSG_)/.test(t)) proto = protocolOfTypeName(t.split(/[<|\s]/)[0]);
    }
    if (proto !== undefined) {
      for (const r of records) r.protocol = proto;
      // Remember it for this descriptor (acks and errors carry no family-specific names).
      if (fdProto === undefined && fd !== undefined) this.table(key).set(fd, { netlink: true, protocol: proto });
    }
    this.pending = {
      records, build, dumps: [], dumpBad: false, direction,
      ...(!info && !structured && !netlinkAddr ? { verify: true } : {}),
      ...(mmsg === undefined && moved !== undefined ? { expected: moved } : {}),
    };
    // sendmmsg/recvmmsg: dumps are not attributed per message; bytes come from the call line.
    if (mmsg) this.pending.dumpBad = true;
  }

}

/** The nlmsg_type of the first message as strace printed it. */
function firstTypeName(v: SVal | undefined): string | undefined {
  for (let depth = 0; v && depth < 3; depth++) {
    if (v.t === 'obj') return atomText(field(v, 'nlmsg_type'));
    if (v.t !== 'arr') return undefined;
    v = v.items[0];
  }
  return undefined;
}

function looksNetlinkBytes(b: Uint8Array): boolean {
  if (b.length < 16) return false;
  const len = b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] * 0x1000000);
  return len >= 16 && len <= 1 << 24;
}
