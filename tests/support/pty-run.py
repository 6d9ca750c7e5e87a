"""Runs a command on a real pseudo-terminal, answers each prompt in turn, and prints everything the terminal showed.

Usage: python3 pty-run.py PROMPT ANSWER [PROMPT ANSWER ...] -- COMMAND ARGS...
"""
import os, pty, select, sys, time

args = sys.argv[1:]
split = args.index('--')
pairs, command = args[:split], args[split + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)

shown = b''
def read(until=None, timeout=180):
    global shown
    end = time.time() + timeout
    while time.time() < end:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                return False
            if not chunk:
                return False
            shown += chunk
            if until is not None and until in shown:
                return True
    return False

for prompt, answer in zip(pairs[0::2], pairs[1::2]):
    if not read(prompt.encode()):
        break
    shown_before = len(shown)
    os.write(fd, answer.encode() + b'\r')
read()
_, status = os.waitpid(pid, 0)
sys.stdout.write(shown.decode('utf8', 'replace'))
sys.exit(os.waitstatus_to_exitcode(status))
