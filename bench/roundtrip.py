# Reference for bench/roundtrip.ts: the same CTRL_CMD_GETFAMILY("nlctrl") request,
# (1) over a plain Python raw netlink socket, one request at a time, and
# (2) through pyroute2's GenericNetlinkSocket.nlm_request. Prints JSON.
import json, os, socket, struct, sys, time

n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
NETLINK_GENERIC = 16
name = b"nlctrl\0"
attr = struct.pack("HH", 4 + len(name), 2) + name + b"\0" * ((4 - len(name) % 4) % 4)
body = struct.pack("BBH", 3, 2, 0) + attr

def raw():
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    s.bind((0, 0))
    s.setsockopt(270, 10, 1)  # NETLINK_CAP_ACK
    t = time.perf_counter()
    for seq in range(1, n + 1):
        s.send(struct.pack("IHHII", 16 + len(body), 0x10, 0x05, seq, 0) + body)
        while True:
            data = s.recv(65536)
            off, done = 0, False
            while off < len(data):
                ln, typ, fl, sq, pid = struct.unpack_from("IHHII", data, off)
                if typ == 2 and sq == seq:
                    done = True
                off += (ln + 3) & ~3
            if done:
                break
    dt = time.perf_counter() - t
    s.close()
    return n / dt

def pyroute2():
    try:
        from pyroute2.netlink import NLM_F_REQUEST
        from pyroute2.netlink.generic import GenericNetlinkSocket, ctrlmsg
    except Exception as e:  # not installed
        return None, str(e)
    s = GenericNetlinkSocket()
    s.bind("nlctrl", ctrlmsg)
    m = min(n, 5000)
    t = time.perf_counter()
    for _ in range(m):
        msg = ctrlmsg()
        msg["cmd"] = 3
        msg["version"] = 2
        msg["attrs"] = [["CTRL_ATTR_FAMILY_NAME", "nlctrl"]]
        s.nlm_request(msg, msg_type=0x10, msg_flags=NLM_F_REQUEST)
    dt = time.perf_counter() - t
    s.close()
    return m / dt, None

out = {"python_raw_socket_rps": raw()}
rps, err = pyroute2()
out["pyroute2_rps"] = rps
if err:
    out["pyroute2_error"] = err
print(json.dumps(out))
