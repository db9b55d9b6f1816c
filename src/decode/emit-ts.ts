// `nlkit decode --emit ts`: for each request in a capture, the nlkit call that sends the same
// message, as a TypeScript program: ipset requests through IPSet.request (the ipset schema's
// attribute names), nl80211 through IW.request, nlctrl through GenericNetlink, and everything
// else (rtnetlink, families without a schema) as NetlinkSocket.request with the exact body.
// The attributes come from the same schemas the modules encode with, so the call round-trips.
import { CTRL_CMD, nlctrl } from '../genl/ctrl.js';
import { GENL_HDRLEN } from '../genl/header.js';
import { IPSET_CMD_NAMES, IPSET_SUBSYS, ipsetAttrsFor } from '../ipset/schema.js';
import { decodeAttrsAt } from '../netlink/attrs.js';
import { NLM_F, NLMSG_HDRLEN, Protocol } from '../netlink/constants.js';
import type { Attrs } from '../netlink/schema.js';
import { nl80211 } from '../nl80211/schema/index.js';
import type { DecodedMessage } from './types.js';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const FAMILY_NAMES: Readonly<Record<number, string>> = { 0: 'AF_UNSPEC', 2: 'inet', 10: 'inet6' };

/** A value as a TypeScript literal. */
export function tsLiteral(v: unknown, indent = ''): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Uint8Array) return `Buffer.from('${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}', 'hex')`;
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + tsLiteral(x, inner)).join(',\n')},\n${indent}]`;
  }
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, x]) => `${inner}${IDENT.test(k) ? k : JSON.stringify(k)}: ${tsLiteral(x, inner)}`).join(',\n')},\n${indent}}`;
  }
  return String(v);
}

/** NLM_F flags beyond REQUEST as `NLM_F.X | ...` (kind-specific names from the decoder). */
function flagsText(m: DecodedMessage, skip: readonly string[]): string | undefined {
  const names = (m.header?.flagNames ?? []).filter((n) => !skip.includes(n));
  if (!names.length) return undefined;
  return names.map((n) => (n.startsWith('0x') ? n : `NLM_F.${n}`)).join(' | ');
}

/** Collects the calls of one capture; end() gives the program. */
export class TsEmitter {
  private readonly lines: string[] = [];
  private readonly uses = new Set<'ipset' | 'iw' | 'genl' | string>();
  private count = 0;

  /** Adds the call for one message (requests only); returns '' (the program comes at the end). */
  message(m: DecodedMessage): string {
    if (!m.bytes || !m.header || !(m.header.flags & NLM_F.REQUEST) || m.header.type < 0x10 || m.direction === 'recv') return '';
    const payload = m.bytes.subarray(NLMSG_HDRLEN);
    const call = this.call(m, payload);
    this.count++;
    this.lines.push(`// #${m.index} ${[m.family, m.command].filter(Boolean).join(' ')} (${m.source})`, call, '');
    return '';
  }

  private call(m: DecodedMessage, payload: Uint8Array): string {
    const type = m.header!.type;
    const dump = (m.header!.flags & NLM_F.DUMP) === NLM_F.DUMP;
    if (m.protocolNumber === Protocol.NETFILTER && type >> 8 === IPSET_SUBSYS && payload.length >= 4) {
      const cmd = type & 0xff;
      const attrs: Attrs = decodeAttrsAt(ipsetAttrsFor(cmd), payload, 4, payload.length);
      delete attrs.protocol; // IPSet adds the protocol it negotiated
      const opts: string[] = [];
      if (dump) opts.push('dump: true');
      const fam = payload[0]!;
      if (fam !== 2) opts.push(`family: ${fam}${FAMILY_NAMES[fam] ? ` /* ${FAMILY_NAMES[fam]} */` : ''}`);
      const flags = flagsText(m, ['REQUEST', 'ACK', 'DUMP']);
      if (flags) opts.push(`flags: ${flags}`);
      this.uses.add('ipset');
      const name = (IPSET_CMD_NAMES[cmd] ?? String(cmd)).replace(/^IPSET_CMD_/, '');
      return `await ipset.request('${name}', ${tsLiteral(attrs)}${opts.length ? `, { ${opts.join(', ')} }` : ''});`;
    }
    if (m.protocolNumber === Protocol.GENERIC && payload.length >= GENL_HDRLEN) {
      const cmd = payload[0]!;
      if (m.family === nl80211.name) {
        const attrs = decodeAttrsAt(nl80211.attrs, payload, GENL_HDRLEN, payload.length);
        this.uses.add('iw');
        const name = (nl80211.commands[cmd] ?? String(cmd)).replace(/^NL80211_CMD_/, '');
        return `await iw.request('${name}', ${tsLiteral(attrs)}${dump ? ', { dump: true }' : ''});`;
      }
      if (m.family === nlctrl.name) {
        const attrs = decodeAttrsAt(nlctrl.attrs, payload, GENL_HDRLEN, payload.length);
        this.uses.add('genl');
        if (cmd === CTRL_CMD.GETFAMILY && typeof attrs.family_name === 'string' && !dump) return `await genl.family(${JSON.stringify(attrs.family_name)});`;
        const name = (nlctrl.commands[cmd] ?? String(cmd)).replace(/^CTRL_CMD_/, '');
        return `await (await genl.client(nlctrl)).request(CTRL_CMD.${name}, ${tsLiteral(attrs)}${dump ? ', { flags: NLM_F.REQUEST | NLM_F.DUMP }' : ''});`;
      }
    }
    // No module for this message: the exact bytes on a socket of its protocol.
    const proto = m.protocolNumber ?? 0;
    const pname = Object.entries(Protocol).find(([, n]) => n === proto)?.[0] ?? String(proto);
    this.uses.add(`socket:${pname}`);
    const flags = flagsText(m, ['REQUEST']) ?? '0';
    const typeName = m.header!.typeName.startsWith('0x') ? '' : ` /* ${m.header!.typeName} */`;
    const hex = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('hex');
    const method = dump ? 'dump' : 'request';
    const send = `${socketVar(pname)}.${method}({ type: ${type}${typeName}, flags: ${flags === '0' ? 'NLM_F.REQUEST' : `NLM_F.REQUEST | ${flags}`}, body: Buffer.from('${hex}', 'hex') })`;
    return dump ? `for await (const reply of ${send}) console.log(reply);` : `await ${send};`;
  }

  /** The whole program (imports, opens, the calls, closes). */
  end(): string {
    if (this.count === 0) return '// no requests in this capture\n';
    const imports = new Set<string>(['NLM_F']);
    const open: string[] = [];
    const close: string[] = [];
    if (this.uses.has('ipset')) { imports.add('IPSet'); open.push('const ipset = await IPSet.open();'); close.push('ipset.close();'); }
    if (this.uses.has('iw')) { imports.add('IW'); open.push('const iw = await IW.open();'); close.push('iw.close();'); }
    if (this.uses.has('genl')) {
      imports.add('GenericNetlink'); imports.add('nlctrl'); imports.add('CTRL_CMD');
      open.push('const genl = await GenericNetlink.open();'); close.push('genl.close();');
    }
    for (const u of this.uses) {
      if (!u.startsWith('socket:')) continue;
      const p = u.slice(7);
      imports.add('NetlinkSocket');
      open.push(`const ${socketVar(p)} = NetlinkSocket.open(${/^\d+$/.test(p) ? p : `'${p}'`});`);
      close.push(`${socketVar(p)}.close();`);
    }
    return [
      `// Generated by nlkit decode --emit ts: the calls that send the capture's ${this.count} request${this.count === 1 ? '' : 's'}, in order.`,
      `import { ${[...imports].sort().join(', ')} } from 'nlkit';`,
      '',
      ...open,
      '',
      ...this.lines,
      ...close,
      '',
    ].join('\n');
  }
}

function socketVar(proto: string): string {
  return `${proto.toLowerCase().replace(/[^a-z0-9]/g, '')}Socket`;
}
