# Reference for bench/roundtrip.ts: plain Python raw netlink sockets, one request at a time,
# and pyroute2. Serves commands on stdin so that the Node side can interleave its own runs
# with these in the same run and namespace; one JSON line answers each command:
#   getfamily N   CTRL_CMD_GETFAMILY("nlctrl") with NLM_F_ACK, N times, one after another
#   getlink N     RTM_GETLINK dumps (NLM_F_DUMP), N times, one after another
#   pyroute2 N    the GETFAMILY request through pyroute2's GenericNetlinkSocket.nlm_request
import json, socket, struct, sys, time

NETLINK_ROUTE, NETLINK_GENERIC = 0, 16
SOL_NETLINK, NETLINK_CAP_ACK = 270, 10
name = b"nlctrl\0"
attr = struct.pack("HH", 4 + len(name), 2) + name + b"\0" * ((4 - len(name) % 4) % 4)
genl_body = struct.pack("BBH", 3, 2, 0) + attr
ifinfomsg = b"\0" * 16


def open_socket(proto):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
    s.bind((0, 0))
    s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
    return s


def loop(s, n, typ, flags, body, end_type):
    """n requests one after another; each is over when a message of end_type with its seq arrives."""
    t = time.perf_counter()
    for seq in range(1, n + 1):
        s.send(struct.pack("IHHII", 16 + len(body), typ, flags, seq, 0) + body)
        done = False
        while not done:
            data = s.recv(65536)
            off = 0
            while off < len(data):
                ln, mtyp, fl, sq, pid = struct.unpack_from("IHHII", data, off)
                if mtyp == end_type and sq == seq:
                    done = True
                off += (ln + 3) & ~3
    return n / (time.perf_counter() - t)


def pyroute2(n):
    try:
        from pyroute2.netlink import NLM_F_REQUEST
        from pyroute2.netlink.generic import GenericNetlinkSocket, ctrlmsg
    except Exception as e:  # not installed
        return {"error": str(e)}
    s = GenericNetlinkSocket()
    s.bind("nlctrl", ctrlmsg)
    t = time.perf_counter()
    for _ in range(n):
        msg = ctrlmsg()
        msg["cmd"] = 3
        msg["version"] = 2
        msg["attrs"] = [["CTRL_ATTR_FAMILY_NAME", "nlctrl"]]
        s.nlm_request(msg, msg_type=0x10, msg_flags=NLM_F_REQUEST)
    dt = time.perf_counter() - t
    s.close()
    return {"rps": n / dt}


genl = open_socket(NETLINK_GENERIC)
route = open_socket(NETLINK_ROUTE)
for line in sys.stdin:
    cmd, n = line.split()
    n = int(n)
    if cmd == "getfamily":
        out = {"rps": loop(genl, n, 0x10, 0x05, genl_body, 2)}  # NLM_F_REQUEST|NLM_F_ACK, ends at the ACK
    elif cmd == "getlink":
        out = {"rps": loop(route, n, 18, 0x301, ifinfomsg, 3)}  # NLM_F_REQUEST|NLM_F_DUMP, ends at NLMSG_DONE
    elif cmd == "pyroute2":
        out = pyroute2(n)
    else:
        out = {"error": "unknown command " + cmd}
    print(json.dumps(out), flush=True)
