// Text output of `nlkit decode`: one block per message.
//
//   #3 recv generic nlctrl CTRL_CMD_NEWFAMILY  [line 12, pid 4321, fd 3]
//     nlmsghdr: len 136 type nlctrl (0x10) flags 0 seq 1795957465 pid 15764
//     genlmsghdr: cmd 1 version 2
//     CTRL_ATTR_FAMILY_NAME "nlctrl"
//     CTRL_ATTR_OPS
//       [1]
//         CTRL_ATTR_OP_ID 3
//         CTRL_ATTR_OP_FLAGS 0xe (GENL_CMD_CAP_DO|GENL_CMD_CAP_DUMP|GENL_CMD_CAP_HASPOL)
//     attr 42 (unknown): 0a000001
//
// Attributes by kernel name, values typed (addresses, MACs, enums by name, bits by name),
// nested sets indented, unknown attributes as number + hex.
import type { DecodedAttr, DecodedHeader, DecodedMessage, FamilyHeader } from './types.js';

const IND = '  ';

function hexOf(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/** A value on one line. */
export function formatValue(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Uint8Array) return v.length ? hexOf(v) : '(empty)';
  if (Array.isArray(v)) return '[' + v.map(formatValue).join(', ') + ']';
  if (typeof v === 'object' && v !== null) {
    const parts = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${k}: ${formatValue(x)}`);
    return '{ ' + parts.join(', ') + ' }';
  }
  return String(v);
}

/** Addresses (IPv4, IPv6, MAC) are shown without quotes. */
const ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|(?:[0-9a-f]{2}:){5}[0-9a-f]{2}|[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?::\d{1,3}(?:\.\d{1,3}){3})?)$/;

function attrValue(a: DecodedAttr): string {
  const v = a.value;
  if (v === true && !a.enum && !a.bits) return '';
  let s = typeof v === 'string' && ADDRESS.test(v) ? v : formatValue(v);
  if (a.bits) s = (typeof v === 'number' || typeof v === 'bigint' ? '0x' + v.toString(16) : s) + (a.bits.length ? ` (${a.bits.join('|')})` : '');
  else if (a.enum) s = `${a.enum} (${s})`;
  return s;
}

function formatIE(ie: unknown): string {
  if (typeof ie !== 'object' || ie === null) return formatValue(ie);
  const o = ie as Record<string, unknown>;
  const head = `IE ${String(o.id ?? '?')}${typeof o.name === 'string' ? ' ' + o.name : typeof o.type === 'string' && o.type !== 'raw' ? ' ' + o.type : ''}`;
  const rest = Object.entries(o).filter(([k, x]) => !['id', 'type', 'name', 'data'].includes(k) && x !== undefined);
  // A one-field element named like its type (ssid: "x") shows just the value.
  const fields = rest.length === 1 && typeof o.type === 'string' && o.type.replace(/_/g, '') === rest[0]![0].toLowerCase()
    ? formatValue(rest[0]![1])
    : rest.map(([k, x]) => `${k}: ${formatValue(x)}`).join(', ');
  const data = o.data instanceof Uint8Array ? ` ${hexOf(o.data) || '(empty)'}` : '';
  return fields ? `${head}: ${fields}` : `${head}:${data}`;
}

export function formatAttrs(attrs: readonly DecodedAttr[], indent: string, lines: string[]): void {
  for (const a of attrs) {
    // `~` marks a value rebuilt from strace's symbolic decoding (see the message's `~ approximate` line).
    const label = (a.approximate ? '~' : '') + (a.item ? `[${a.type}]` : a.name ?? `attr ${a.type} (unknown${a.nested ? ', nested' : ''})`);
    if (a.attrs && (a.name || a.item || a.attrs.length)) {
      lines.push(indent + label);
      formatAttrs(a.attrs, indent + IND, lines);
      continue;
    }
    if (a.error) {
      lines.push(`${indent}${label} ! ${a.error}: ${a.hex ?? ''}`);
      continue;
    }
    if (!a.name && !a.item || a.hex !== undefined && a.value === undefined) {
      lines.push(`${indent}${label}: ${a.hex || '(empty)'}`);
      continue;
    }
    const v = attrValue(a);
    lines.push(v ? `${indent}${label} ${v}` : indent + label);
    if (Array.isArray(a.ies)) for (const ie of a.ies) lines.push(indent + IND + formatIE(ie));
  }
}

export function formatHeader(h: DecodedHeader): string {
  const flags = h.flagNames.length ? h.flagNames.join('|') : '0';
  const type = h.typeName.startsWith('0x') ? h.typeName : `${h.typeName} (0x${h.type.toString(16)})`;
  return `len ${h.len} type ${type} flags ${flags} seq ${h.seq} pid ${h.pid}`;
}

function formatFamilyHeader(f: FamilyHeader): string {
  if (f.kind === 'genl') return `genlmsghdr: cmd ${String(f.cmd)} version ${String(f.version)}${f.reserved ? ` reserved ${String(f.reserved)}` : ''}`;
  if (f.kind === 'nfgen') {
    const fam = f.familyName ? `${String(f.familyName)} (${String(f.family)})` : String(f.family);
    return `nfgenmsg: family ${fam} version ${String(f.version)} res_id ${String(f.resId)}`;
  }
  const parts: string[] = [];
  const fields = f as Record<string, string | number | readonly string[] | undefined>;
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'kind' || k.endsWith('Name') || k.endsWith('Names') || v === undefined) continue;
    const bits = fields[k === 'flags' ? 'flagNames' : `${k}Names`];
    const name = fields[`${k}Name`] ?? (Array.isArray(bits) ? bits.join('|') : bits);
    parts.push(name !== undefined ? `${k} ${String(name)} (${String(v)})` : `${k} ${String(v)}`);
  }
  return `${String(f.kind)}: ${parts.join(' ')}`;
}

/** One message as a text block (lines end with '\n'). */
export function formatMessage(m: DecodedMessage): string {
  const lines: string[] = [];
  const where = [m.source];
  if (m.pid !== undefined) where.push(`pid ${m.pid}`);
  if (m.fd !== undefined) where.push(`fd ${m.fd}`);
  if (m.time !== undefined) where.push(m.time);
  if (m.offset) where.push(`offset ${m.offset}`);
  const title = [`#${m.index}`, m.direction ?? '?', m.protocol, m.family, m.command].filter((x) => x !== undefined && x !== '').join(' ');
  lines.push(`${title}  [${where.join(', ')}]`);
  if (m.truncated) lines.push(`${IND}! truncated: ${m.warning ?? 'bytes are missing'}`);
  else if (m.warning) lines.push(`${IND}note: ${m.warning}`);
  if (m.approximate) lines.push(`${IND}~ approximate: ${m.approximate.join('; ')}`);
  if (m.header) lines.push(`${IND}nlmsghdr: ${formatHeader(m.header)}`);
  if (m.familyHeader) lines.push(`${IND}${formatFamilyHeader(m.familyHeader)}`);
  if (m.error) {
    const e = m.error;
    let s = `${IND}error: ${e.code}`;
    s += e.code === 0 && e.name === 'ACK' ? ' (ACK)' : ` ${e.name} (${e.text})`;
    if (e.message !== undefined) s += ` "${e.message}"`;
    if (e.offset !== undefined) s += ` at request offset ${e.offset}`;
    if (e.missingType !== undefined) s += ` missing attribute ${e.missingType}`;
    lines.push(s);
    if (e.request) {
      const what = [e.request.family, e.request.command].filter(Boolean).join(' ');
      lines.push(`${IND}request: ${what ? what + ': ' : ''}${formatHeader(e.request.header)}`);
    }
  }
  if (m.attrs) formatAttrs(m.attrs, IND, lines);
  if (m.payloadHex) lines.push(`${IND}payload: ${m.payloadHex}`);
  if (m.decodeError) lines.push(`${IND}! decode error at byte ${m.decodeError.offset}: ${m.decodeError.message}`);
  return lines.join('\n') + '\n';
}
