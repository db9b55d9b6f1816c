// Names ipset accepts and prints for protocols (/etc/protocols), services
// (/etc/services) and ICMP / ICMPv6 type/code pairs.
import fs from 'node:fs';
import { IPSetSyntaxError } from './entry.js';

let protoByName: Map<string, number> | undefined;
let protoByNumber: Map<number, string> | undefined;

const BUILTIN_PROTOS: [string, number][] = [
  ['ip', 0], ['icmp', 1], ['igmp', 2], ['ipencap', 4], ['tcp', 6], ['egp', 8], ['udp', 17], ['ipv6', 41], ['ipv6-route', 43],
  ['ipv6-frag', 44], ['rsvp', 46], ['gre', 47], ['esp', 50], ['ah', 51], ['ipv6-icmp', 58], ['ipv6-nonxt', 59],
  ['ipv6-opts', 60], ['ospf', 89], ['pim', 103], ['vrrp', 112], ['l2tp', 115], ['sctp', 132], ['udplite', 136], ['mpls-in-ip', 137],
];

function loadProtocols(): void {
  if (protoByName) return;
  protoByName = new Map();
  protoByNumber = new Map();
  let rows: [string[], number][] = [];
  try {
    for (const line of fs.readFileSync('/etc/protocols', 'utf8').split('\n')) {
      const f = line.replace(/#.*/, '').trim().split(/\s+/);
      if (f.length < 2 || !/^\d+$/.test(f[1]!)) continue;
      rows.push([[f[0]!, ...f.slice(2)], Number(f[1])]);
    }
  } catch {
    rows = [];
  }
  if (!rows.length) rows = BUILTIN_PROTOS.map(([n, v]) => [[n], v]);
  for (const [names, num] of rows) {
    if (!protoByNumber.has(num)) protoByNumber.set(num, names[0]!);
    for (const n of names) if (!protoByName.has(n)) protoByName.set(n, num);
  }
}

/** The protocol's name as getprotobynumber() gives it (what ipset prints). */
export function protoName(num: number): string {
  loadProtocols();
  return protoByNumber!.get(num) ?? String(num);
}

export function protoNumber(name: string): number | undefined {
  if (/^\d+$/.test(name)) {
    const n = Number(name);
    return n <= 255 ? n : undefined;
  }
  if (name === 'icmpv6') return 58;
  loadProtocols();
  return protoByName!.get(name) ?? protoByName!.get(name.toLowerCase());
}

let services: Map<string, number> | undefined;
export function serviceNumber(name: string, proto: string): number | undefined {
  if (!services) {
    services = new Map();
    try {
      for (const line of fs.readFileSync('/etc/services', 'utf8').split('\n')) {
        const f = line.replace(/#.*/, '').trim().split(/\s+/);
        const m = /^(\d+)\/(\w+)$/.exec(f[1] ?? '');
        if (!m) continue;
        for (const n of [f[0]!, ...f.slice(2)]) {
          const key = `${n}/${m[2]}`;
          if (!services.has(key)) services.set(key, Number(m[1]));
        }
      }
    } catch {
      /* no services file: numbers only */
    }
  }
  return services.get(`${name}/${proto}`) ?? services.get(`${name}/tcp`);
}

/** ipset's ICMP names (type/code); the first name of a pair is the one printed. */
export const ICMP_NAMES: readonly [string, number, number][] = [
  ['echo-reply', 0, 0], ['pong', 0, 0], ['network-unreachable', 3, 0], ['host-unreachable', 3, 1],
  ['protocol-unreachable', 3, 2], ['port-unreachable', 3, 3], ['fragmentation-needed', 3, 4],
  ['source-route-failed', 3, 5], ['network-unknown', 3, 6], ['host-unknown', 3, 7], ['network-prohibited', 3, 9],
  ['host-prohibited', 3, 10], ['TOS-network-unreachable', 3, 11], ['TOS-host-unreachable', 3, 12],
  ['communication-prohibited', 3, 13], ['host-precedence-violation', 3, 14], ['precedence-cutoff', 3, 15],
  ['source-quench', 4, 0], ['network-redirect', 5, 0], ['host-redirect', 5, 1], ['TOS-network-redirect', 5, 2],
  ['TOS-host-redirect', 5, 3], ['echo-request', 8, 0], ['ping', 8, 0], ['router-advertisement', 9, 0],
  ['router-solicitation', 10, 0], ['ttl-zero-during-transit', 11, 0], ['ttl-zero-during-reassembly', 11, 1],
  ['ip-header-bad', 12, 0], ['required-option-missing', 12, 1], ['timestamp-request', 13, 0],
  ['timestamp-reply', 14, 0], ['address-mask-request', 17, 0], ['address-mask-reply', 18, 0],
];
export const ICMPV6_NAMES: readonly [string, number, number][] = [
  ['no-route', 1, 0], ['communication-prohibited', 1, 1], ['address-unreachable', 1, 3], ['port-unreachable', 1, 4],
  ['packet-too-big', 2, 0], ['ttl-zero-during-transit', 3, 0], ['ttl-zero-during-reassembly', 3, 1],
  ['bad-header', 4, 0], ['unknown-header-type', 4, 1], ['unknown-option', 4, 2], ['echo-request', 128, 0],
  ['ping', 128, 0], ['echo-reply', 129, 0], ['pong', 129, 0], ['router-solicitation', 133, 0],
  ['router-advertisement', 134, 0], ['neighbour-solicitation', 135, 0], ['neigbour-solicitation', 135, 0],
  ['neighbour-advertisement', 136, 0], ['neigbour-advertisement', 136, 0], ['redirect', 137, 0],
];

export function icmpFromText(text: string, v6: boolean): number {
  const table = v6 ? ICMPV6_NAMES : ICMP_NAMES;
  const lower = text.toLowerCase();
  for (const [n, type, code] of table) if (n.toLowerCase() === lower) return (type << 8) | code;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (m && Number(m[1]) <= 255 && Number(m[2]) <= 255) return (Number(m[1]) << 8) | Number(m[2]);
  throw new IPSetSyntaxError(`Cannot parse ${text} as an ${v6 ? 'ICMPv6' : 'ICMP'} type/code.`);
}

export function icmpToText(port: number, v6: boolean): string {
  const type = port >> 8, code = port & 0xff;
  for (const [n, t, c] of v6 ? ICMPV6_NAMES : ICMP_NAMES) if (t === type && c === code) return n;
  return `${type}/${code}`;
}
