#!/usr/bin/env python3
"""Reads a uftrace.data directory back, independently of the plugin that
wrote it: checks the info header (magic "Ftrace!", version 4, 64-bit
little endian), lists the tasks of task.txt, and decodes every record of
each <tid>.dat (16 bytes: timestamp, then a word packing type:2, more:1,
magic:3 (=5), depth:10, address:48). Prints
    task <tid>
    <tid> entry|exit <depth> 0x<address>
and exits 1 on a malformed file or decreasing timestamps."""
import os
import re
import struct
import sys

TYPES = {0: "entry", 1: "exit", 2: "lost", 3: "event"}


def fail(msg):
    print("uftrace_read: " + msg, file=sys.stderr)
    sys.exit(1)


def main(d):
    info = open(os.path.join(d, "info"), "rb").read()
    if info[:8] != b"Ftrace!\0":
        fail("bad magic in info")
    version, hsize, endian, klass = struct.unpack_from("<IHBB", info, 8)
    if version != 4 or hsize != 40 or endian != 1 or klass != 2:
        fail("unexpected info header %d %d %d %d" % (version, hsize, endian, klass))
    tids = []
    for text in open(os.path.join(d, "task.txt")):
        m = re.match(r"TASK timestamp=\S+ tid=(\d+) pid=(\d+)$", text.strip())
        if m:
            tids.append(int(m.group(1)))
    if not tids:
        fail("no TASK line in task.txt")
    for tid in tids:
        print("task %d" % tid)
        raw = open(os.path.join(d, "%d.dat" % tid), "rb").read()
        if len(raw) % 16:
            fail("%d.dat is not a whole number of records" % tid)
        last = 0
        for off in range(0, len(raw), 16):
            time, word = struct.unpack_from("<QQ", raw, off)
            if (word >> 3) & 7 != 5:
                fail("record %d of %d.dat has a bad magic" % (off // 16, tid))
            if time < last:
                fail("timestamps go backwards in %d.dat" % tid)
            last = time
            print("%d %s %d 0x%x" % (tid, TYPES[word & 3], (word >> 6) & 0x3FF,
                                     word >> 16))


if __name__ == "__main__":
    main(sys.argv[1])
