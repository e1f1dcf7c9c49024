import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSandboxEnv, sandboxPath } from './sandbox-env.js';

describe('sandboxPath', () => {
  it('puts the running node first, then the system directories, and nothing from the user', () => {
    expect(sandboxPath('/home/me/.nvm/versions/node/v20/bin/node').split(path.delimiter)).toEqual([
      '/home/me/.nvm/versions/node/v20/bin',
      '/usr/local/bin',
      '/usr/bin',
      '/bin',
    ]);
    expect(sandboxPath('/usr/bin/node').split(path.delimiter)).toEqual(['/usr/bin', '/usr/local/bin', '/bin']);
  });
});

describe('buildSandboxEnv', () => {
  it('builds the environment from nothing', () => {
    process.env.ATELIER_TEST_SECRET = 'leak';
    try {
      const env = buildSandboxEnv({ home: '/h', tmpdir: '/t' });
      expect(env).toEqual({ PATH: sandboxPath(), HOME: '/h', TMPDIR: '/t', LANG: 'C.UTF-8', CI: '1' });
    } finally {
      delete process.env.ATELIER_TEST_SECRET;
    }
  });

  it('adds the heap limit to declared NODE_OPTIONS instead of replacing them', () => {
    expect(buildSandboxEnv({ home: '/h', tmpdir: '/t', memoryMb: 512 }).NODE_OPTIONS).toBe('--max-old-space-size=512');
    const env = buildSandboxEnv({ home: '/h', tmpdir: '/t', memoryMb: 300, extra: { NODE_OPTIONS: '--enable-source-maps', PORT: '3000' } });
    expect(env).toMatchObject({ NODE_OPTIONS: '--enable-source-maps --max-old-space-size=300', PORT: '3000' });
  });
});
