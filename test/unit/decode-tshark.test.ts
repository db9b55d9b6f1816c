// Differential against Wireshark's tshark on a real nlmon capture (iw and ipset in the QEMU
// guest): on every attribute both decode at the same byte position, the names and values
// agree, except where the UAPI header shows tshark is wrong (listed below with the reason).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { decode } from '../../src/decode/decode.js';
import { TSHARK_WRONG, agreement, runTshark } from '../helpers/tshark.js';
import { dataDir, hasCommand } from '../helpers/netns.js';

const skip = hasCommand('tshark') ? false : 'tshark is not installed (scripts/test-env.sh installs it)';


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
