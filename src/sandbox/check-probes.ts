import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { processesWithArgument } from './process-table.js';
import type { SandboxCommand, SandboxDriver, SandboxResult } from './sandbox.js';
import { STATE_PROBES } from './state-probes.js';

/** What every probe may use: a fresh workspace, a folder beside it, bait and a server on the host. */
export interface ProbeContext {
  /** Parent of the workspaces: `..` from any of them. */
  base: string;
  /** A fresh empty workspace for this probe. */
  workspace: string;
  /** A folder outside every workspace. */
  outside: string;
  /** A file outside the workspace holding `canary`. */
  bait: string;
  /** The user's `~/.ssh`, which may or may not exist. */
  sshDirectory: string;
  /** A TCP server on the host's 127.0.0.1 that answers anyone who connects. */
  port: number;
  /** A secret-looking value set in Atelier's own environment while the check runs. */
  canary: string;
  canaryVariable: string;
}

export interface ProbeOutcome {
  held: boolean;
  detail: string;
}

export interface Probe {
  id: string;
  title: string;
  /** Only an isolating driver can give it; on the plain driver a miss is reported, not failed. */
  needsIsolation: boolean;
  run(driver: SandboxDriver, ctx: ProbeContext): Promise<ProbeOutcome>;
}

const node = (script: string, ...args: string[]): string[] => ['node', '-e', script, ...args];

function command(ctx: ProbeContext, argv: string[], extra: Partial<SandboxCommand> = {}): SandboxCommand {
  return { argv, cwd: ctx.workspace, timeoutMs: 15_000, ...extra };
}

/** The line the supervisor wrote about the limit that stopped the command. */
function stoppedLine(result: SandboxResult): string {
  return result.limitsReport?.find((line) => line.startsWith('stopped')) ?? `exit ${result.exitCode ?? result.signal}`;
}

function lastJson(result: SandboxResult): Record<string, unknown> {
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A `sleep` duration nothing else on the machine uses, to find the probe's processes on the host. */
function uniqueSleep(): string {
  return `30.${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
}

const writeAttempt = `
  const fs = require('fs');
  try { if (process.argv[2]) fs.symlinkSync(process.argv[2], 'link-out'); fs.writeFileSync(process.argv[1], 'escaped'); console.log('written'); }
  catch (error) { console.log(error.code || String(error)); }`;

function writeProbe(id: string, title: string, target: (ctx: ProbeContext) => { inside: string; onHost: string; link?: string }): Probe {
  return {
    id,
    title,
    needsIsolation: true,
    async run(driver, ctx) {
      const { inside, onHost, link } = target(ctx);
      const result = await driver.run(command(ctx, node(writeAttempt, inside, ...(link ? [link] : []))));
      const said = result.stdout.trim() || result.stderr.trim().split('\n')[0] || 'no answer';
      if (existsSync(onHost)) return { held: false, detail: `the program wrote ${onHost}` };
      // Under bubblewrap `..` of a workspace in /tmp is the sandbox's own throw-away /tmp: the write works there and vanishes.
      if (said === 'written') return { held: true, detail: `the write landed in the sandbox's private, throw-away view; nothing appeared at ${onHost}` };
      return { held: true, detail: `refused (${said}); nothing appeared at ${onHost}` };
    },
  };
}

export const PROBES: Probe[] = [
  {
    id: 'secrets',
    title: 'secrets in the environment',
    needsIsolation: false,
    async run(driver, ctx) {
      const result = await driver.run(command(ctx, node('process.stdout.write(JSON.stringify(process.env))')));
      const secretValues = Object.entries(process.env).filter(([name, value]) => /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i.test(name) && (value ?? '').length >= 8);
      const leaked = secretValues.filter(([, value]) => value !== undefined && result.stdout.includes(value)).map(([name]) => name);
      if (result.exitCode !== 0) return { held: false, detail: `the probe did not run: ${result.stderr.trim().split('\n')[0] ?? ''}` };
      if (leaked.length > 0) return { held: false, detail: `visible to the program: ${leaked.join(', ')}` };
      const names = Object.keys(lastJson(result)).sort();
      const others = secretValues.length > 1 ? ` and ${secretValues.length - 1} more secret-looking variable(s)` : '';
      return { held: true, detail: `${ctx.canaryVariable}${others} of Atelier not visible; the program sees only ${names.join(', ')}` };
    },
  },
  {
    id: 'atelier-process',
    title: "secrets in Atelier's own process",
    needsIsolation: true,
    async run(driver, ctx) {
      // Atelier started with an API key: /proc/<pid>/environ shows it to any process of the same user that can see the pid.
      const standIn = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { env: { [ctx.canaryVariable]: ctx.canary }, stdio: 'ignore' });
      try {
        const script = "try { process.stdout.write(require('fs').readFileSync('/proc/' + process.argv[1] + '/environ', 'utf8')) } catch (e) { console.log(e.code) }";
        const result = await driver.run(command(ctx, node(script, String(standIn.pid))));
        if (result.stdout.includes(ctx.canary)) return { held: false, detail: `the program read /proc/${standIn.pid}/environ, the environment of a process started like Atelier, with its key` };
        return { held: true, detail: `the environment of a process started like Atelier, with a key, was out of reach (${result.stdout.includes('=') ? 'another process' : result.stdout.trim() || 'empty'})` };
      } finally {
        standIn.kill('SIGKILL');
      }
    },
  },
  {
    id: 'home-files',
    title: '~/.ssh and files outside the workspace',
    needsIsolation: true,
    async run(driver, ctx) {
      const script = `
        const fs = require('fs');
        const outcome = {};
        try { outcome.bait = fs.readFileSync(process.argv[1], 'utf8'); } catch (e) { outcome.bait = e.code; }
        try { outcome.ssh = fs.readdirSync(process.argv[2]).length >= 0 ? 'listed' : ''; } catch (e) { outcome.ssh = e.code; }
        console.log(JSON.stringify(outcome));`;
      const result = await driver.run(command(ctx, node(script, ctx.bait, ctx.sshDirectory)));
      const outcome = lastJson(result);
      const read = [...(outcome.bait === ctx.canary ? [ctx.bait] : []), ...(outcome.ssh === 'listed' ? [ctx.sshDirectory] : [])];
      if (read.length > 0) return { held: false, detail: `the program read ${read.join(' and ')}` };
      return { held: true, detail: `${ctx.bait}: ${String(outcome.bait)}; ${ctx.sshDirectory}: ${String(outcome.ssh)}` };
    },
  },
  writeProbe('write-dotdot', 'write outside the workspace by ..', (ctx) => ({ inside: '../escaped-dotdot.txt', onHost: path.join(ctx.base, 'escaped-dotdot.txt') })),
  writeProbe('write-absolute', 'write outside the workspace by an absolute path', (ctx) => ({
    inside: path.join(ctx.outside, 'escaped-absolute.txt'),
    onHost: path.join(ctx.outside, 'escaped-absolute.txt'),
  })),
  writeProbe('write-symlink', 'write outside the workspace through a symlink', (ctx) => ({
    inside: path.join('link-out', 'escaped-symlink.txt'),
    onHost: path.join(ctx.outside, 'escaped-symlink.txt'),
    link: ctx.outside,
  })),
  {
    id: 'network',
    title: 'network',
    needsIsolation: true,
    async run(driver, ctx) {
      const script = `
        const socket = require('net').connect(Number(process.argv[1]), '127.0.0.1');
        socket.setTimeout(3000, () => { console.log('timeout'); socket.destroy(); });
        socket.on('data', () => { console.log('connected'); socket.destroy(); });
        socket.on('error', (e) => console.log(e.code));`;
      const result = await driver.run(command(ctx, node(script, String(ctx.port))));
      const said = result.stdout.trim() || 'no answer';
      if (said === 'connected') return { held: false, detail: `the program reached a server on the host at 127.0.0.1:${ctx.port}` };
      return { held: true, detail: `a server on the host at 127.0.0.1:${ctx.port} was unreachable (${said})` };
    },
  },
  {
    id: 'privileges',
    title: 'no root privileges',
    needsIsolation: true,
    async run(driver, ctx) {
      const script = "const s = require('fs').readFileSync('/proc/self/status', 'utf8'); console.log(JSON.stringify({ uid: /^Uid:\\s+(\\d+)/m.exec(s)[1], caps: /^CapEff:\\s+(\\w+)/m.exec(s)[1] }))";
      const outcome = lastJson(await driver.run(command(ctx, node(script))));
      const caps = String(outcome.caps ?? 'unknown');
      if (!/^0+$/.test(caps)) return { held: false, detail: `the program runs as uid ${String(outcome.uid)} with capabilities ${caps}` };
      return { held: true, detail: `uid ${String(outcome.uid)}, no capabilities` };
    },
  },
  ...STATE_PROBES,
  ...limitProbes(),
];

function limitProbes(): Probe[] {
  return [
    {
      id: 'fork-bomb',
      title: 'fork bomb',
      needsIsolation: false,
      async run(driver, ctx) {
        const marker = uniqueSleep();
        // Capped at 400 children by the script itself, so a broken limit cannot take the machine down.
        const script = `
          const { spawn } = require('child_process');
          let started = 0, refused = 0;
          for (let i = 0; i < 400; i++) { try { const c = spawn('sleep', [process.argv[1]], { stdio: 'ignore' }); c.on('error', () => refused++); started++; } catch { refused++; } }
          setTimeout(() => console.log(JSON.stringify({ started, refused })), 1000);`;
        const result = await driver.run(command(ctx, node(script, marker), { maxProcesses: 48 }));
        const survivors = processesWithArgument(marker);
        if (survivors.length > 0) return { held: false, detail: `${survivors.length} of its processes still run after the command ended` };
        const outcome = lastJson(result);
        if (result.killedBy === 'processes') return { held: true, detail: stoppedLine(result) };
        if (Number(outcome.refused) > 0) return { held: true, detail: `${String(outcome.refused)} of 400 forks refused` };
        return { held: false, detail: `started ${String(outcome.started ?? '?')} processes without being stopped` };
      },
    },
    {
      id: 'infinite-loop',
      title: 'infinite loop',
      needsIsolation: false,
      async run(driver, ctx) {
        const result = await driver.run(command(ctx, node('while (true) {}'), { timeoutMs: 1500 }));
        const held = result.killedBy === 'timeout' && result.durationMs < 6_000;
        return { held, detail: held ? `stopped after ${(result.durationMs / 1000).toFixed(1)} s (wall clock 1.5 s)` : `ended with ${stoppedLine(result)} after ${result.durationMs} ms` };
      },
    },
    {
      id: 'cpu',
      title: 'CPU time',
      needsIsolation: false,
      async run(driver, ctx) {
        const result = await driver.run(command(ctx, node('while (true) {}'), { timeoutMs: 15_000, cpuSeconds: 1 }));
        const held = result.killedBy === 'cpu';
        return { held, detail: held ? `stopped after ${(result.durationMs / 1000).toFixed(1)} s: ${stoppedLine(result).replace(/^stopped \(cpu\): /, '')}` : `ended with ${stoppedLine(result)}` };
      },
    },
    {
      id: 'memory',
      title: 'memory hog',
      needsIsolation: false,
      async run(driver, ctx) {
        // Buffers live outside node's heap, so only the resident-memory limit can stop this. Capped at 1.5 GB by the script.
        const script = "const a = []; for (let i = 0; i < 48; i++) a.push(Buffer.alloc(32 * 1024 * 1024, 1)); console.log('survived')";
        const result = await driver.run(command(ctx, node(script), { memoryMb: 256 }));
        const held = !result.stdout.includes('survived');
        return { held, detail: held ? stoppedLine(result) : 'allocated 1.5 GB with a 256 MB limit' };
      },
    },
    {
      id: 'disk-filler',
      title: 'disk filler',
      needsIsolation: false,
      async run(driver, ctx) {
        // Capped at 300 MB by the script itself, so a broken limit cannot fill the real disk.
        const script = `
          const fs = require('fs');
          try { fs.writeFileSync('one-big-file', Buffer.alloc(32 * 1024 * 1024, 1)); console.log('big:written'); } catch (e) { console.log('big:' + e.code); }
          let files = 0;
          try { for (; files < 75; files++) fs.writeFileSync('fill-' + files, Buffer.alloc(4 * 1024 * 1024, 1)); } catch (e) { console.log('fill:' + e.code); }
          console.log('files:' + files);`;
        const result = await driver.run(command(ctx, node(script), { maxFileBytes: 16 * 1024 * 1024, maxDiskBytes: 64 * 1024 * 1024 }));
        const big = /big:(\S+)/.exec(result.stdout)?.[1] ?? 'no answer';
        const filledAll = result.stdout.includes('files:75');
        if (big === 'written' || filledAll) return { held: false, detail: big === 'written' ? 'wrote a 32 MiB file past the 16 MiB file limit' : 'wrote 300 MB past the 64 MiB disk limit' };
        return { held: true, detail: `a 32 MiB file was refused (${big}); ${result.killedBy === 'disk' ? stoppedLine(result) : `the filler got ${/fill:(\S+)/.exec(result.stdout)?.[1] ?? 'stopped'}`}` };
      },
    },
    {
      id: 'daemon',
      title: 'leftover daemon',
      needsIsolation: false,
      async run(driver, ctx) {
        const marker = uniqueSleep();
        const script = "const c = require('child_process').spawn('sleep', [process.argv[1]], { detached: true, stdio: 'ignore' }); c.unref(); console.log('left running')";
        const result = await driver.run(command(ctx, node(script, marker)));
        const survivors = processesWithArgument(marker);
        if (!result.stdout.includes('left running')) return { held: false, detail: `the probe did not run: ${result.stderr.trim().split('\n')[0] ?? ''}` };
        if (survivors.length > 0) return { held: false, detail: `a detached child (pid ${survivors.join(', ')}) outlived the command` };
        // Without a pids cgroup the plain driver finds escaped children by their environment; one that also clears it is lost.
        const caveat = driver.name === 'plain' && !result.limitsReport?.some((line) => line.includes('pids cgroup')) ? '; one that also clears its environment could survive (no pids cgroup here)' : '';
        return { held: true, detail: `a detached child was gone when the command returned${caveat}` };
      },
    },
    {
      id: 'output',
      title: '100 MB of output',
      needsIsolation: false,
      async run(driver, ctx) {
        const script = 'const chunk = Buffer.alloc(1024 * 1024, 120); for (let i = 0; i < 100; i++) process.stdout.write(chunk)';
        const result = await driver.run(command(ctx, node(script)));
        const kept = result.stdout.length;
        const held = kept <= 1024 * 1024 && result.outputTruncated;
        return { held, detail: `kept ${(kept / 1024 / 1024).toFixed(1)} MiB${result.killedBy === 'output' ? `; ${stoppedLine(result)}` : ''}` };
      },
    },
  ];
}
