import { findExecutable } from './find-executable.js';
import { sandboxPath } from './sandbox-env.js';

/**
 * The unprivileged user a sandboxed command runs as: `nobody`, which by convention owns nothing.
 * Inside bubblewrap's user namespace it is the id the caller is mapped to; when Atelier runs as
 * root it is the command's real id on the host too.
 */
export const SANDBOX_UID = 65534;
export const SANDBOX_GID = 65534;

/**
 * Why root needs more than a user namespace: bwrap started by root maps the command's uid onto
 * host root, and with every capability dropped it still owns what root owns, so `/etc/shadow`
 * (root, 0640) and any root-only file mounted in stay readable. Only a different host uid helps.
 */
export function atelierIsRoot(): boolean {
  return process.geteuid?.() === 0;
}

/** util-linux `setpriv`, which switches to the sandbox user and clears every capability. */
export function findSetpriv(): string | undefined {
  return findExecutable('setpriv', sandboxPath());
}

/**
 * Prefix for a command started by root: it becomes SANDBOX_UID/GID with no supplementary groups,
 * no capabilities (not even in the bounding set) and no way to gain any by exec (setuid files,
 * file capabilities). Needs CAP_SETUID, CAP_SETGID and CAP_SETPCAP when it starts.
 */
export function dropToSandboxUser(setpriv: string): string[] {
  return [setpriv, `--reuid=${SANDBOX_UID}`, `--regid=${SANDBOX_GID}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs', '--'];
}

/** What the sandbox's /etc/passwd and /etc/group say: root for what root owns, and the sandbox user. */
export function sandboxIdentityFiles(home: string): { passwd: string; group: string } {
  return {
    passwd: `root:x:0:0:root:/root:/usr/sbin/nologin\nnobody:x:${SANDBOX_UID}:${SANDBOX_GID}:nobody:${home}:/bin/sh\n`,
    group: `root:x:0:\nnogroup:x:${SANDBOX_GID}:\n`,
  };
}

/** Prefix that makes the workspace the working directory once the command runs as the sandbox user. */
export function enterWorkspace(workspace: string): string[] {
  // `cd` also sets OLDPWD, which the command's environment would otherwise gain.
  return ['/bin/sh', '-c', 'cd -- "$0" || exit 126; unset OLDPWD; exec "$@"', workspace];
}
