#!/usr/bin/env python3
"""Reads a drcov (version 2) file back, independently of the plugin that
wrote it, and prints what it holds in a form the test can compare:
    module <id> <base> <end> <entry> <path>
    bb <offset> <size> <module id>
(numbers in hex with 0x, blocks in file order). Exits 1 with a message on
anything that does not follow the format."""
import struct
import sys


def fail(msg):
    print("drcov_read: " + msg, file=sys.stderr)
    sys.exit(1)


def main(path):
    data = open(path, "rb").read()
    pos = 0

    def line():
        nonlocal pos
        end = data.find(b"\n", pos)
        if end < 0:
            fail("truncated header")
        text = data[pos:end].decode()
        pos = end + 1
        return text

    if line() != "DRCOV VERSION: 2":
        fail("not a drcov version 2 file")
    if not line().startswith("DRCOV FLAVOR: "):
        fail("no flavor line")
    head = line()
    prefix = "Module Table: version 2, count "
    if not head.startswith(prefix):
        fail("bad module table header: " + head)
    nmods = int(head[len(prefix):])
    if line() != "Columns: id, base, end, entry, path":
        fail("unexpected module columns")
    for _ in range(nmods):
        fields = [f.strip() for f in line().split(",", 4)]
        mid, base, end, entry = (int(f, 0) for f in fields[:4])
        print("module %d 0x%x 0x%x 0x%x %s" % (mid, base, end, entry, fields[4]))
    head = line()
    if not (head.startswith("BB Table: ") and head.endswith(" bbs")):
        fail("bad BB table header: " + head)
    nbbs = int(head[len("BB Table: "):-len(" bbs")])
    if len(data) - pos != nbbs * 8:
        fail("BB table holds %d bytes, expected %d" % (len(data) - pos, nbbs * 8))
    for i in range(nbbs):
        start, size, mid = struct.unpack_from("<IHH", data, pos + 8 * i)
        if mid >= nmods:
            fail("block %d names module %d of %d" % (i, mid, nmods))
        print("bb 0x%x 0x%x %d" % (start, size, mid))


if __name__ == "__main__":
    main(sys.argv[1])
