#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A bounded Ethernet frame stream for the lab's e1000e (QEMU -netdev dgram).

  pktgen.py ports                       print two free UDP ports on 127.0.0.1
  pktgen.py send --port P [--rate N] [--seconds S]
        send broadcast frames (ethertype 0x88b5, local experimental) in UDP
        datagrams to QEMU's local port P, N per second, for at most S
        seconds; stops by itself. QEMU hands each datagram to the NIC as one
        received frame, which the NIC writes by DMA into its RX ring.
"""
import argparse
import socket
import struct
import sys
import time


def free_ports():
    socks = []
    for _ in range(2):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    print(" ".join(str(s.getsockname()[1]) for s in socks))
    for s in socks:
        s.close()
    return 0


def send(port, rate, seconds):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    head = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x01" + struct.pack(">H", 0x88B5)
    end = time.monotonic() + seconds
    gap = 1.0 / max(rate, 1)
    n = 0
    nxt = time.monotonic()
    while time.monotonic() < end:
        frame = head + struct.pack(">Q", n) + b"kdump-iommu-lab " * 30
        try:
            s.sendto(frame, ("127.0.0.1", port))
        except OSError:
            pass        # QEMU not listening yet, or gone
        n += 1
        nxt += gap
        time.sleep(max(0.0, nxt - time.monotonic()))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("ports")
    p = sub.add_parser("send")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--rate", type=int, default=20)
    p.add_argument("--seconds", type=float, default=120)
    a = ap.parse_args()
    if a.cmd == "ports":
        return free_ports()
    return send(a.port, a.rate, min(a.seconds, 600))


if __name__ == "__main__":
    sys.exit(main())
