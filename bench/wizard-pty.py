"""Drives a full-screen program under a pseudo-terminal and times it (used by bench/wizard).

Start-up: from just before fork/exec to the last byte of the first burst of output (the first
complete frame: the burst ends when nothing more arrives for QUIET seconds). Keystrokes: from
writing the key's bytes to the last byte of the redraw they cause. Peak memory: VmHWM of the
process after the keystrokes, before it is asked to quit.

    wizard-pty.py ROWS COLUMNS KEYS QUIT -- PROGRAM ARGS...

KEYS is a comma-separated list of key names (down, up) sent one at a time; QUIT is sent at the
end. Prints one line: startup_ms peak_rss_kb key_median_ms key_p95_ms key_max_ms.
"""
import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time

QUIET = 0.15          # seconds without output that end a frame
KEY_QUIET = 0.03      # the same after a keystroke
NAMES = {"down": b"\x1bOB", "up": b"\x1bOA", "enter": b"\r", "q": b"q", "escape": b"\x1b"}


def read_burst(fd, quiet, deadline=5.0):
    """Reads until `quiet` seconds pass without output; returns the time of the last byte."""
    last = None
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            if last is not None:
                return last
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return last
        if not chunk:
            return last
        last = time.monotonic()
    raise SystemExit("no quiet moment within %s s" % deadline)


def main():
    rows, columns, keys, quit_key = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    program = sys.argv[sys.argv.index("--") + 1:]
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        os.environ.update(TERM="xterm-256color", LANG="C.UTF-8")
        os.execvp(program[0], program)
    first_frame = read_burst(fd, QUIET) - start
    times = []
    for name in [k for k in keys.split(",") if k]:
        sent = time.monotonic()
        os.write(fd, NAMES[name])
        times.append(read_burst(fd, KEY_QUIET) - sent)
    with open("/proc/%d/status" % pid) as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    # The quit key is sent again each second: a program may discard typeahead while it settles.
    done, code = 0, 0
    for _ in range(5):
        os.write(fd, NAMES[quit_key])
        end = time.monotonic() + 1
        while time.monotonic() < end and done == 0:
            ready, _, _ = select.select([fd], [], [], 0.05)
            try:
                if ready:
                    os.read(fd, 65536)
            except OSError:
                pass
            done, code = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    if done == 0:
        os.kill(pid, 9)
        raise SystemExit("%s did not quit on %r" % (program[0], quit_key))
    if code != 0:
        raise SystemExit("%s exited with status %d" % (program[0], code))
    times.sort()
    median = times[len(times) // 2] if times else 0
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))] if times else 0
    print("%.2f %d %.2f %.2f %.2f" % (first_frame * 1000, peak, median * 1000, p95 * 1000, (times[-1] if times else 0) * 1000))


main()
