import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CassetteError, CassetteMissError, openCassette } from './cassette.js';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const answer = (text: string) => ({ text, usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 0 } });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atelier-cassette-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cassettes', () => {
  it('records every entry to disk as it arrives and replays it from a fresh open', async () => {
    const file = join(dir, 'nested', 'demo.cassette.json');
    const recorder = await openCassette(file, 'record');
    await recorder.record(HASH_A, { label: 'stage "write_prd"', schemaName: 'prd', model: 'openai-compatible:m', response: answer('{"title":"x"}') });
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as { version: number; entries: Record<string, unknown> };
    expect(onDisk.version).toBe(1);
    expect(Object.keys(onDisk.entries)).toEqual([HASH_A]);

    const player = await openCassette(file, 'replay');
    expect(player.replay(HASH_A, 'stage "write_prd"').response.text).toBe('{"title":"x"}');
    expect(player.name).toBe('demo.cassette.json');
  });

  it('keeps earlier entries when recording resumes into an existing cassette', async () => {
    const file = join(dir, 'run.cassette.json');
    await (await openCassette(file, 'record')).record(HASH_A, { label: 'a', schemaName: 'prd', response: answer('1') });
    await (await openCassette(file, 'record')).record(HASH_B, { label: 'b', schemaName: 'prd', response: answer('2') });
    expect((await openCassette(file, 'replay')).size).toBe(2);
  });

  it('leaves a complete file and no temp files after many concurrent records', async () => {
    const file = join(dir, 'busy.cassette.json');
    const recorder = await openCassette(file, 'record');
    const hashes = Array.from({ length: 20 }, (_, i) => i.toString(16).padStart(64, '0'));
    await Promise.all(hashes.map((hash, i) => recorder.record(hash, { label: `task T${i}`, schemaName: 'source_code', response: answer(String(i)) })));
    expect((await openCassette(file, 'replay')).size).toBe(20);
    expect(await readdir(dir)).toEqual(['busy.cassette.json']);
  });

  it('names the call, the file and the request on a replay miss', async () => {
    const file = join(dir, 'demo.cassette.json');
    await (await openCassette(file, 'record')).record(HASH_A, { label: 'x', schemaName: 'prd', response: answer('1') });
    const player = await openCassette(file, 'replay');
    const miss = () => player.replay('3f2a' + '0'.repeat(60), 'stage "write_prd"');
    expect(miss).toThrow(CassetteMissError);
    expect(miss).toThrow('no recorded answer for stage "write_prd" in demo.cassette.json (request 3f2a0000…); re-record the cassette with --record');
  });

  it('refuses to replay a missing file and to record into a replay cassette', async () => {
    await expect(openCassette(join(dir, 'nope.json'), 'replay')).rejects.toThrow(/nope\.json: does not exist/);
    const file = join(dir, 'c.json');
    await (await openCassette(file, 'record')).record(HASH_A, { label: 'x', schemaName: 'prd', response: answer('1') });
    const player = await openCassette(file, 'replay');
    await expect(player.record(HASH_B, { label: 'y', schemaName: 'prd', response: answer('2') })).rejects.toThrow(CassetteError);
  });

  it('rejects a corrupt or foreign file with a CassetteError naming it', async () => {
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"version": 1, "entries": ');
    await expect(openCassette(broken, 'replay')).rejects.toThrow(/broken\.json: is not valid JSON/);
    const foreign = join(dir, 'foreign.json');
    await writeFile(foreign, JSON.stringify({ version: 2, recordedAt: 'now', entries: { [HASH_A]: { label: 'x' } } }));
    const error: unknown = await openCassette(foreign, 'record').catch((caught: unknown) => caught);
    expect(CassetteError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/foreign\.json: is not an Atelier cassette \(version: .*entries\./);
  });

  it('redacts secrets from everything it stores', async () => {
    process.env.ATELIER_CASSETTE_TEST_KEY = 'env-secret-value-42';
    try {
      const file = join(dir, 's.json');
      const recorder = await openCassette(file, 'record', { secrets: ['configured-key-9876'] });
      await recorder.record(HASH_A, {
        label: 'stage "env-secret-value-42"',
        schemaName: 'prd',
        response: answer('{"note":"configured-key-9876 and env-secret-value-42 and sk-proj-AbCdEfGhIjKlMnOpQrSt"}'),
      });
      const raw = await readFile(file, 'utf8');
      expect(raw).not.toMatch(/env-secret-value-42|configured-key-9876|sk-proj-/);
      expect(raw).toContain('[REDACTED]');
    } finally {
      delete process.env.ATELIER_CASSETTE_TEST_KEY;
    }
  });
});
