import { spawn } from 'node:child_process';
import { findExecutable } from './find-executable.js';
import { sandboxPath } from './sandbox-env.js';

/**
 * Waits on a pipe from Atelier. A line `done` means Atelier cleaned up itself; the end of the pipe
 * without it means Atelier died (kill -9, a crash), and then the guard kills what it left: the
 * command's process group, every process carrying the run's environment marker (some left the
 * group), and the members of its pids cgroup, which it then removes.
 */
const GUARD_SCRIPT = `
read -r word
[ "$word" = done ] && exit 0
kill -KILL -- "-$1" 2>/dev/null
if [ -n "$2" ]; then
  for file in $(grep -lzxF -- "$2" /proc/[0-9]*/environ 2>/dev/null); do
    pid=\${file#/proc/}
    kill -KILL "\${pid%/environ}" 2>/dev/null
  done
fi
if [ -n "$3" ]; then
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    for pid in $(cat "$3/cgroup.procs" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    rmdir "$3" 2>/dev/null && break
    sleep 0.1
  done
fi
kill -KILL -- "-$1" 2>/dev/null
exit 0`;

export interface OrphanGuard {
  /** Atelier has killed and collected everything itself: the guard leaves without killing. */
  release(): void;
}

export interface GuardedCommand {
  /** The command's process group (its first process was started detached, as the group leader). */
  processGroup: number;
  /** `NAME=value` in the command's environment, for processes that left the group. */
  envMarker?: string;
  /** The command's pids cgroup folder. */
  cgroupDirectory?: string;
}

/**
 * Node has no PR_SET_PDEATHSIG: a child outlives Atelier killed with SIGKILL (a plain command's
 * test process went on writing into the project 90 s later). The guard is a tiny shell
 * in a session of its own (so a signal to Atelier's group spares it) holding the read end of a
 * pipe only Atelier writes to: the kernel closes it when Atelier dies, however it dies.
 */
export function startOrphanGuard(command: GuardedCommand): OrphanGuard {
  const shell = findExecutable('sh', sandboxPath()) ?? '/bin/sh';
  const guard = spawn(shell, ['-c', GUARD_SCRIPT, 'atelier-orphan-guard', String(command.processGroup), command.envMarker ?? '', command.cgroupDirectory ?? ''], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { PATH: sandboxPath() },
  });
  guard.on('error', () => undefined);
  guard.stdin.on('error', () => undefined);
  // Neither the guard nor its pipe keeps Atelier's event loop alive.
  guard.unref();
  (guard.stdin as unknown as { unref?: () => void }).unref?.();
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      guard.stdin.end('done\n');
    },
  };
}
