import { existsSync, readFileSync } from 'node:fs';
import type { SandboxCommand } from '../sandbox-driver.js';
import type { ProbeContext } from './probe.js';

/** Tries each write given as an argument (`path=content`) and prints what happened to each, as JSON. */
const writeEach = `
  const fs = require('fs'), path = require('path');
  const outcome = process.argv.slice(1).map((arg) => {
    const at = arg.indexOf('='), file = arg.slice(0, at), content = arg.slice(at + 1);
    try { fs.mkdirSync(path.dirname(file), { recursive: true }); fs.writeFileSync(file, content); return 'written'; }
    catch (e) { return e.code || String(e); }
  });
  console.log(JSON.stringify(outcome));`;

export function attempt(ctx: ProbeContext, writes: string[]): SandboxCommand {
  return { argv: ['node', '-e', writeEach, ...writes], cwd: ctx.workspace, timeoutMs: 15_000 };
}

/** The program's own account of each write, e.g. `EROFS, EROFS`. */
export function said(stdout: string): string {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    const outcome: unknown = JSON.parse(line);
    return Array.isArray(outcome) ? outcome.map(String).join(', ') : line;
  } catch {
    return line || 'no answer';
  }
}

export function read(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
