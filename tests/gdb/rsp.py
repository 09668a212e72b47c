#!/usr/bin/env python3
"""The GDB remote protocol spoken directly, for what GDB itself does not
exercise (riscv64 GDB steps with breakpoints, never vCont;s) and for
exact answers to single packets.

usage: rsp.py steps PORT ADDR N   run to ADDR (a breakpoint), then print
                                  the pc after each of N vCont;s steps (or
                                  until the process ends)
       rsp.py packets PORT GUEST  check single packets, print PASS/FAIL
                                  lines (the program runs with 1 argument)
The emulator must be waiting on PORT (-g) before its first instruction.
"""
import socket
import sys
import time


class Remote:
    def __init__(self, port):
        for _ in range(100):
            try:
                self.s = socket.create_connection(("127.0.0.1", port))
                self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise SystemExit("rsp.py: cannot connect to port %d" % port)
        self.buf = b""

    def _byte(self):
        if not self.buf:
            self.buf = self.s.recv(65536)
            if not self.buf:
                raise EOFError
        c, self.buf = self.buf[:1], self.buf[1:]
        return c

    def raw(self, data):
        self.s.sendall(data)

    def send(self, text):
        """Send a packet, return the reply's contents (acks consumed)."""
        body = text.encode() if isinstance(text, str) else text
        frame = b"$" + body + b"#%02x" % (sum(body) & 0xff)
        self.raw(frame)
        while True:
            c = self._byte()
            if c == b"-":
                self.raw(frame)
            elif c == b"$":
                break
        data = b""
        while True:
            c = self._byte()
            if c == b"#":
                break
            data += c
        self._byte()
        self._byte()
        self.raw(b"+")
        return data.decode("latin-1")


def reg(r, n):
    v = r.send("p%x" % n)
    return int.from_bytes(bytes.fromhex(v), "little")


def thread_of(stop):
    for field in stop[3:].split(";"):
        if field.startswith("thread:"):
            return field[7:]
    raise SystemExit("rsp.py: no thread in stop reply %r" % stop)


def pc(r):
    """The pc: the 33rd 8-byte register of the g packet in both guests
    (riscv64 x0..x31, pc; aarch64 x0..x30, sp, pc). qemu answers p only
    once GDB has read its target description."""
    g = r.send("g")
    return int.from_bytes(bytes.fromhex(g[512:528]), "little")


def steps(port, addr, n):
    r = Remote(port)
    r.send("qSupported:multiprocess+")
    r.send("?")
    r.send("Z0,%x,4" % addr)
    stop = r.send("vCont;c")
    r.send("z0,%x,4" % addr)
    tid = thread_of(stop)
    r.send("Hg" + tid)
    print("at %x" % pc(r))
    for _ in range(n):
        stop = r.send("vCont;s:%s" % tid)
        if not stop.startswith("T05"):
            print("stop %s" % stop.split(";")[0])
            return
        print("%x" % pc(r))
    r.send("vKill;1")


def packets(port):
    r = Remote(port)

    def check(name, cond, got):
        print("PASS gdb/%s" % name if cond else "FAIL gdb/%s: got %r" % (name, got))

    sup = r.send("qSupported:multiprocess+;swbreak+")
    check("rsp-qsupported", all(f in sup.split(";") for f in (
        "qXfer:features:read+", "qXfer:auxv:read+", "qXfer:exec-file:read+",
        "QCatchSyscalls+", "vContSupported+", "multiprocess+", "swbreak+")), sup)
    stop = r.send("?")
    check("rsp-initial-stop", stop.startswith("T05thread:p"), stop)
    tid = thread_of(stop)
    check("rsp-qC", r.send("qC") == "QC" + tid, tid)
    check("rsp-alive", r.send("T" + tid) == "OK", tid)
    check("rsp-dead-thread", r.send("Tp1.7fffffff").startswith("E"), "")
    check("rsp-select-dead", r.send("Hgp1.7fffffff").startswith("E"), "")
    check("rsp-vcont-query", r.send("vCont?") == "vCont;c;C;s;S;t", "")
    check("rsp-unknown", r.send("qNoSuchThing") == "", "")
    # A register write reads back; x0/zero (riscv) ignores writes.
    r.send("Hg" + tid)
    old = r.send("p5")
    r.send("P5=" + "1122334455667788")
    back = r.send("p5")
    check("rsp-reg-write", back == "1122334455667788", back)
    r.send("P5=" + old)
    # Memory on the stack (sp is register 2 on riscv, 31 on aarch64; the
    # initial stack pointer holds argc = 2).
    sp = reg(r, 2 if "riscv" in sys.argv[3] else 31)
    argc = r.send("m%x,8" % sp)
    check("rsp-mem-read", int.from_bytes(bytes.fromhex(argc), "little") == 2, argc)
    r.send("M%x,8:0300000000000000" % sp)
    check("rsp-mem-write", r.send("m%x,8" % sp) == "0300000000000000", "")
    # X carries binary: '}' escapes '#', '$', '}' and '*' as c ^ 0x20.
    r.send(b"X%x,4:}\x03}\x04}]}\x0a" % sp)
    got = r.send("m%x,4" % sp)
    check("rsp-mem-binary", got == "2324" + "7d2a", got)
    r.send("M%x,8:0200000000000000" % sp)
    check("rsp-mem-unmapped", r.send("m10,4").startswith("E"), "")
    check("rsp-breakpoint", r.send("Z0,%x,4" % sp) == "OK" and r.send("z0,%x,4" % sp) == "OK", "")
    check("rsp-watch-kinds", r.send("Z2,%x,8" % sp) == "OK" and r.send("Z3,%x,8" % sp) == "OK" and
          r.send("Z4,%x,8" % sp) == "OK" and r.send("z2,%x,8" % sp) == "OK" and
          r.send("z3,%x,8" % sp) == "OK" and r.send("z4,%x,8" % sp) == "OK", "")
    check("rsp-catch", r.send("QCatchSyscalls:1;40;5d") == "OK" and
          r.send("QCatchSyscalls:0") == "OK", "")
    # A bad checksum is refused with '-'.
    r.raw(b"$g#00")
    c = r._byte()
    check("rsp-nack", c == b"-", c)
    r.send("vKill;1")


if __name__ == "__main__":
    if sys.argv[1] == "steps":
        steps(int(sys.argv[2]), int(sys.argv[3], 16), int(sys.argv[4]))
    else:
        packets(int(sys.argv[2]))
