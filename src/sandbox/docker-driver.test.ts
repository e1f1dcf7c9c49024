import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dockerRunArgs, probeDocker, runDockerProbe, type DockerRunLayout } from './docker-driver.js';
import { SandboxError } from './sandbox-error.js';
import { effectiveLimits } from './sandbox-limits.js';
import { detectSandbox } from './sandbox.js';

function layout(extra: Partial<DockerRunLayout> = {}): DockerRunLayout {
  return {
    image: 'node:20-bookworm',
    name: 'atelier-sandbox-abc',
    workspace: '/work/app',
    hasGit: true,
    limits: effectiveLimits({ argv: ['npm', 'test'], cwd: '/work/app', timeoutMs: 60_000, memoryMb: 512, maxProcesses: 100, maxFileBytes: 1000, maxDiskBytes: 4096 }),
    user: '1000:1000',
    env: { CI: '1', HOME: '/tmp' },
    ...extra,
  };
}

function valueAfter(args: string[], flag: string): string[] {
  return args.flatMap((arg, index) => (arg === flag ? [args[index + 1] ?? ''] : []));
}

describe('dockerRunArgs', () => {
  it('runs with no network, the engine\'s memory and process limits, no privileges, and is removed afterwards', () => {
    const args = dockerRunArgs(layout(), ['npm', 'test']);
    expect(args.slice(0, 4)).toEqual(['run', '--rm', '--name', 'atelier-sandbox-abc']);
    expect(valueAfter(args, '--network')).toEqual(['none']);
    expect(valueAfter(args, '--memory')).toEqual(['512m']);
    expect(valueAfter(args, '--memory-swap')).toEqual(['512m']);
    expect(valueAfter(args, '--pids-limit')).toEqual(['100']);
    expect(valueAfter(args, '--user')).toEqual(['1000:1000']);
    expect(valueAfter(args, '--cap-drop')).toEqual(['ALL']);
    expect(valueAfter(args, '--security-opt')).toEqual(['no-new-privileges']);
    expect(valueAfter(args, '--ulimit')).toEqual(['cpu=60:60', 'fsize=1000:1000']);
    expect(args).toContain('--read-only');
    expect(valueAfter(args, '--tmpfs')).toEqual(['/tmp:rw,exec,size=4096,mode=1777']);
    expect(dockerRunArgs(layout({ limits: { ...layout().limits, network: true } }), ['npm', 'ci'])).toContain('bridge');
  });

  it('mounts the workspace as the only writable folder, its .git read-only, and works there', () => {
    const args = dockerRunArgs(layout(), ['npm', 'test']);
    expect(valueAfter(args, '-v')).toEqual(['/work/app:/work/app', '/work/app/.git:/work/app/.git:ro']);
    expect(valueAfter(args, '-w')).toEqual(['/work/app']);
    expect(valueAfter(dockerRunArgs(layout({ hasGit: false }), ['true']), '-v')).toEqual(['/work/app:/work/app']);
  });

  it('lends host folders read-only at their own path (an npm cache for an offline install)', () => {
    const args = dockerRunArgs(layout({ hasGit: false, readOnlyPaths: ['/home/ada/.npm'] }), ['npm', 'ci', '--offline']);
    expect(valueAfter(args, '-v')).toEqual(['/work/app:/work/app', '/home/ada/.npm:/home/ada/.npm:ro']);
  });

  it("mounts Atelier's state and configuration read-only over the workspace", () => {
    const args = dockerRunArgs(layout({ readOnly: ['.atelier', 'atelier.config.yml'] }), ['npm', 'test']);
    expect(valueAfter(args, '-v')).toEqual([
      '/work/app:/work/app',
      '/work/app/.git:/work/app/.git:ro',
      '/work/app/.atelier:/work/app/.atelier:ro',
      '/work/app/atelier.config.yml:/work/app/atelier.config.yml:ro',
    ]);
  });

  it('passes only the given environment, and the command after the image untouched', () => {
    const hostile = '$(touch /pwned); --privileged';
    const args = dockerRunArgs(layout(), ['node', '-e', hostile]);
    expect(valueAfter(args.slice(0, args.indexOf('node:20-bookworm')), '-e')).toEqual(['CI=1', 'HOME=/tmp']);
    expect(args.slice(-4)).toEqual(['node:20-bookworm', 'node', '-e', hostile]);
  });
});

describe('runDockerProbe', () => {
  let folder = '';
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  function fakeDocker(script: string): string {
    folder = mkdtempSync(path.join(tmpdir(), 'atelier-fake-docker-'));
    const file = path.join(folder, 'docker');
    writeFileSync(file, `#!/bin/sh\n${script}\n`);
    chmodSync(file, 0o755);
    return file;
  }

  it('says when there is no docker at all', async () => {
    expect(await runDockerProbe(undefined)).toEqual({ available: false, reason: 'docker not found' });
  });

  it('does not count a client without an engine as a sandbox, and says why', async () => {
    const docker = fakeDocker('echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1');
    expect(await runDockerProbe(docker)).toEqual({
      available: false,
      reason: `docker found at ${docker} but no engine answered: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?`,
    });
  });

  it('accepts an engine that reports its version', async () => {
    const docker = fakeDocker('[ "$1" = info ] && echo 27.3.1');
    expect(await runDockerProbe(docker)).toEqual({ available: true, docker });
  });
});

describe('asking for docker by name', async () => {
  const docker = await probeDocker();
  it.runIf(!docker.available)('fails with the reason and what to do when no engine answers', async () => {
    const attempt = detectSandbox({ prefer: 'docker' });
    await expect(attempt).rejects.toSatisfy((error) => SandboxError.isInstance(error));
    await expect(detectSandbox({ prefer: 'docker' })).rejects.toThrow(/the docker driver was asked for but cannot be used: docker.*start the Docker engine/);
  });
});
