import { atelierProcessUnreadableProbe } from './atelier-process-unreadable.js';
import { configChangesUndoneProbe } from './config-changes-undone.js';
import { cpuTimeLimitedProbe } from './cpu-time-limited.js';
import { diskFillerStoppedProbe } from './disk-filler-stopped.js';
import { environmentSecretsHiddenProbe } from './environment-secrets-hidden.js';
import { forkBombContainedProbe } from './fork-bomb-contained.js';
import { gitConfigUndoneProbe } from './git-config-undone.js';
import { homeFilesUnreadableProbe } from './home-files-unreadable.js';
import { infiniteLoopStoppedProbe } from './infinite-loop-stopped.js';
import { initEnvironProbe } from './init-environ.js';
import { memoryHogStoppedProbe } from './memory-hog-stopped.js';
import { networkUnreachableProbe } from './network-unreachable.js';
import { noLeftoverDaemonProbe } from './no-leftover-daemon.js';
import { noRootPrivilegesProbe } from './no-root-privileges.js';
import { noWriteByAbsolutePathProbe } from './no-write-by-absolute-path.js';
import { noWriteByDotdotProbe } from './no-write-by-dotdot.js';
import { noWriteThroughSymlinkProbe } from './no-write-through-symlink.js';
import { otherUserHomeProbe } from './other-user-home.js';
import { outputCappedProbe } from './output-capped.js';
import type { Probe } from './probe.js';
import { rootOnlyFilesProbe } from './root-only-files.js';
import { runStoreUnwritableProbe } from './run-store-unwritable.js';

/** What `atelier sandbox check` runs, in the order of its report: isolation first, then the limits. */
export const PROBES: Probe[] = [
  environmentSecretsHiddenProbe,
  atelierProcessUnreadableProbe,
  homeFilesUnreadableProbe,
  rootOnlyFilesProbe,
  otherUserHomeProbe,
  initEnvironProbe,
  noWriteByDotdotProbe,
  noWriteByAbsolutePathProbe,
  noWriteThroughSymlinkProbe,
  networkUnreachableProbe,
  noRootPrivilegesProbe,
  configChangesUndoneProbe,
  gitConfigUndoneProbe,
  runStoreUnwritableProbe,
  forkBombContainedProbe,
  infiniteLoopStoppedProbe,
  cpuTimeLimitedProbe,
  memoryHogStoppedProbe,
  diskFillerStoppedProbe,
  noLeftoverDaemonProbe,
  outputCappedProbe,
];
