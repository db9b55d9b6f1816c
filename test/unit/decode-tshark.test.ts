// Differential against Wireshark's tshark on a real nlmon capture (iw and ipset in the QEMU
// guest): on every attribute both decode at the same byte position, the names and values
// agree, except where the UAPI header shows tshark is wrong (listed below with the reason).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { decode } from '../../src/decode/decode.js';
import { agreement, runTshark } from '../helpers/tshark.js';
import { dataDir, hasCommand } from '../helpers/netns.js';

const skip = hasCommand('tshark') ? false : 'tshark is not installed (scripts/test-env.sh installs it)';

/**
 * Where tshark 4.0 is wrong, by the kernel's <linux/netfilter/ipset/ip_set.h>: the IPSET_ATTR_DATA
 * nest of CREATE, HEADER and LIST messages holds the create attributes, numbered from
 * IPSET_ATTR_CADT_MAX + 1 = 17 (INITVAL 17, HASHSIZE 18, MAXELEM 19, NETMASK 20, BUCKETSIZE 21,
 * RESIZE 22, SIZE 23, ELEMENTS 24, REFERENCES 25, MEMSIZE 26), but tshark names them from the ADT
 * enum, which reuses those numbers (ETHER 17, NAME 18, NAMEREF 19, IP2 20, CIDR2 21, IP2_TO 22,
 * IFACE 23, BYTES 24, PACKETS 25, COMMENT 26). And IPSET_ATTR_LINENO (9) is the same attribute as
 * IPSET_ATTR_CADT_LINENO: the header defines CADT_LINENO = LINENO.
 */
const CREATE_VS_ADT: readonly (readonly [string, string, number])[] = [
  ['INITVAL', 'ETHER', 17], ['HASHSIZE', 'NAME', 18], ['MAXELEM', 'NAMEREF', 19], ['NETMASK', 'IP2', 20], ['BUCKETSIZE', 'CIDR2', 21],
  ['RESIZE', 'IP2_TO', 22], ['SIZE', 'IFACE', 23], ['ELEMENTS', 'BYTES', 24], ['REFERENCES', 'PACKETS', 25], ['MEMSIZE', 'COMMENT', 26],
];
export const TSHARK_WRONG: ReadonlyMap<string, string> = new Map([
  ...CREATE_VS_ADT.map(([ours, theirs, n]) => [`name IPSET_ATTR_${ours} vs ${theirs}`, `create attribute ${n} is IPSET_ATTR_${ours}; tshark reads it as ADT's IPSET_ATTR_${theirs}`] as const),
  ['name IPSET_ATTR_LINENO vs CADT_LINENO', 'one attribute, two names: IPSET_ATTR_CADT_LINENO = IPSET_ATTR_LINENO'],
]);

test('nlmon pcap (iw, ipset): names and values agree with tshark on every attribute both decode', { skip }, () => {
  const pcap = path.join(dataDir(), 'captures', 'nlmon_iw_ipset.pcap');
  const ms = decode(fs.readFileSync(pcap), { bytes: true });
  const a = agreement(ms, runTshark(pcap), () => 4); // genlmsghdr and nfgenmsg are 4 bytes
  console.log(`tshark nlmon_iw_ipset.pcap: ${a.both} attributes both decode; names ${a.nameAgree}/${a.names} agree; values ${a.valueAgree}/${a.values} agree; tshark left ${a.tsharkRaw} as bytes`);
  const unexplained = [...a.disagreements.keys()].filter((k) => !TSHARK_WRONG.has(k));
  assert.deepEqual(unexplained, []);
  assert.equal(a.valueAgree, a.values);
  assert.ok(a.both > 1000 && a.values > 1000, 'the comparison covered the capture');
});
