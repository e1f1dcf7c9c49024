import { lstatSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The parts of the host's /etc a toolchain needs: name resolution, the dynamic linker, TLS
 * certificates, time zone and locale, the `alternatives` links, and the site configuration of
 * python, java, perl, pip and npm. Everything else stays out: shadow files, ssh host keys, sudoers,
 * service configuration with passwords, git's system config. A trailing `*` matches any suffix.
 */
export const ETC_ENTRIES: readonly string[] = [
  'hosts',
  'host.conf',
  'resolv.conf',
  'nsswitch.conf',
  'gai.conf',
  'protocols',
  'services',
  'networks',
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'alternatives',
  'ssl/certs',
  'ssl/openssl.cnf',
  'ca-certificates',
  'ca-certificates.conf',
  'pki/tls/certs',
  'pki/ca-trust',
  'crypto-policies',
  'localtime',
  'timezone',
  'locale.alias',
  'locale.conf',
  'os-release',
  'lsb-release',
  'debian_version',
  'alpine-release',
  'redhat-release',
  'mime.types',
  'magic',
  'magic.mime',
  'terminfo',
  'fonts',
  'mtab',
  'python3*',
  'java-*',
  'perl',
  'maven',
  'pip.conf',
  'npmrc',
];

/** Where a symlink in /etc may point and still be recreated as a link: places the sandbox mounts. */
const LINKABLE = ['/usr/', '/proc/', '/etc/', '/bin/', '/lib/', '/lib64/', '/sbin/'];

export type EtcMount = { kind: 'bind'; path: string } | { kind: 'symlink'; path: string; target: string };

/**
 * What of /etc to show the sandbox, read from the host: the allowed entries that exist and that
 * anyone may read (a protected one is someone's secret, whatever its name). A symlink into the
 * system stays a symlink; one pointing elsewhere (resolv.conf into /run) is bound as its target.
 */
export function etcMounts(etc = '/etc'): EtcMount[] {
  const mounts: EtcMount[] = [];
  for (const relative of expandEntries(etc)) {
    const file = path.join(etc, relative);
    let link: string | undefined;
    try {
      if (lstatSync(file).isSymbolicLink()) link = readlinkSync(file);
      const stats = statSync(file);
      const readable = stats.isDirectory() ? (stats.mode & 0o005) === 0o005 : (stats.mode & 0o004) === 0o004;
      if (!readable) continue;
    } catch {
      continue; // absent, or a dangling link
    }
    const resolved = link === undefined ? undefined : path.resolve(path.dirname(file), link);
    if (link !== undefined && resolved !== undefined && LINKABLE.some((prefix) => resolved.startsWith(prefix))) mounts.push({ kind: 'symlink', path: file, target: link });
    else mounts.push({ kind: 'bind', path: file });
  }
  return mounts;
}

function expandEntries(etc: string): string[] {
  const globs = ETC_ENTRIES.filter((entry) => entry.endsWith('*'));
  if (globs.length === 0) return [...ETC_ENTRIES];
  let names: string[] = [];
  try {
    names = readdirSync(etc);
  } catch {
    // no /etc to list: only the literal entries are tried
  }
  return ETC_ENTRIES.flatMap((entry) => {
    if (!entry.endsWith('*')) return [entry];
    const prefix = entry.slice(0, -1);
    return names.filter((name) => name.startsWith(prefix)).sort();
  });
}
