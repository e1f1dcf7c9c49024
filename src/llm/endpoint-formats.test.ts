import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENDPOINT_FORMATS_FILE, EndpointFormats } from './endpoint-formats.js';

const URL = 'http://127.0.0.1:8000/v1';

describe('EndpointFormats', () => {
  it('remembers a refusal once, by base URL, in the cache file, for the next run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atelier-formats-'));
    const formats = await EndpointFormats.load(dir);
    expect(formats.refuses(URL)).toBe(false);
    expect(await formats.remember(`${URL}/`, 'Unsupported parameter: response_format')).toBe(true);
    // Said once: a second refusal of the same endpoint is not news.
    expect(await formats.remember(URL, 'again')).toBe(false);
    expect(formats.refuses(URL)).toBe(true);
    expect(formats.refuses('http://127.0.0.1:8001/v1')).toBe(false);

    const next = await EndpointFormats.load(dir);
    expect(next.refuses(URL)).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, ENDPOINT_FORMATS_FILE), 'utf8')).endpoints[URL]).toMatchObject({ responseFormat: 'refused', reason: 'Unsupported parameter: response_format' });
  });

  it('keeps no secret: the provider’s text is redacted, credentials in the URL are dropped, and only the user may read the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atelier-formats-'));
    const formats = await EndpointFormats.load(dir);
    await formats.remember('https://me:pass-word-123@gw.example/v1', 'unknown field response_format (request had Authorization: Bearer gw-Very-Secret-Key-42)');
    const file = join(dir, ENDPOINT_FORMATS_FILE);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('gw-Very-Secret-Key-42');
    expect(text).not.toContain('pass-word-123');
    expect(text).toContain('https://gw.example/v1');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('forgets a refusal after a month, and ignores a damaged file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atelier-formats-'));
    const then = new Date('2025-01-01T00:00:00Z');
    await (await EndpointFormats.load(dir, () => then)).remember(URL, 'no');
    expect((await EndpointFormats.load(dir, () => new Date('2025-01-20T00:00:00Z'))).refuses(URL)).toBe(true);
    expect((await EndpointFormats.load(dir, () => new Date('2025-02-05T00:00:00Z'))).refuses(URL)).toBe(false);

    writeFileSync(join(dir, ENDPOINT_FORMATS_FILE), '{"version": 1, "endpoints": [');
    expect((await EndpointFormats.load(dir)).refuses(URL)).toBe(false);
  });

  it('still holds for the run when the cache folder cannot be written', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'atelier-formats-')), 'a-file');
    writeFileSync(file, '');
    const formats = await EndpointFormats.load(join(file, 'below-a-file'));
    expect(await formats.remember(URL, 'no')).toBe(true);
    expect(formats.refuses(URL)).toBe(true);
  });
});
