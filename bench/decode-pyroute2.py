# pyroute2's decoder on the same netlink datagrams nlkit's decode benchmark decodes.
#   /usr/bin/python3 bench/decode-pyroute2.py FILE NL80211_ID
# FILE: datagrams as [u32 little-endian length][bytes]... Each message is given to the pyroute2
# class for its type (nlctrl -> ctrlmsg, nl80211 -> nl80211cmd, ipset -> ipset_msg, errors ->
# nlmsgerr, others -> nlmsg). pyroute2 decodes attributes lazily, so two figures: decode() alone,
# and decode() + dump() (every attribute turned into a value, which is what nlkit's decode does).
# Prints JSON.
import json
import struct
import sys
import time

from pyroute2.netlink import nlmsg, nlmsgerr
from pyroute2.netlink.generic import ctrlmsg
from pyroute2.netlink.nfnetlink.ipset import ipset_msg
from pyroute2.netlink.nl80211 import nl80211cmd


def load(path):
    data = open(path, 'rb').read()
    out = []
    at = 0
    while at + 4 <= len(data):
        (n,) = struct.unpack_from('<I', data, at)
        out.append(data[at + 4:at + 4 + n])
        at += 4 + n
    return out, len(data)


def run(datagrams, nl80211_id, full):
    messages = 0
    errors = 0
    for dg in datagrams:
        at = 0
        while at + 16 <= len(dg):
            (length, mtype) = struct.unpack_from('<IH', dg, at)
            if length < 16 or at + length > len(dg):
                break
            if mtype == 0x10:
                cls = ctrlmsg
            elif mtype == nl80211_id:
                cls = nl80211cmd
            elif (mtype >> 8) == 6:
                cls = ipset_msg
            elif mtype == 2:
                cls = nlmsgerr
            else:
                cls = nlmsg
            try:
                m = cls(dg, offset=at, length=length)
                m.decode()
                if full:
                    m.dump()
            except Exception:
                errors += 1
            messages += 1
            at += (length + 3) & ~3
    return messages, errors


def main():
    datagrams, size = load(sys.argv[1])
    nl80211_id = int(sys.argv[2], 0)
    out = {'bytes': size, 'datagrams': len(datagrams)}
    for name, full in (('decode', False), ('decodeDump', True)):
        t = time.perf_counter()
        messages, errors = run(datagrams, nl80211_id, full)
        secs = time.perf_counter() - t
        out[name] = {'messages': messages, 'errors': errors, 'seconds': round(secs, 3), 'MBps': round(size / secs / 1e6, 2), 'messagesPerSecond': round(messages / secs)}
    try:
        import resource
        out['maxRssMB'] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    except Exception:
        pass
    print(json.dumps(out))


main()
