import { describe, expect, it } from 'vitest';
import { candidateOf, catalogModel, endpoint } from './candidates.test-support.js';
import { withConfiguredPrice } from './configured-prices.js';

const single = endpoint('openai-compatible', { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1' });
const gateway = endpoint('gateway', { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:2/v1' });
const unpriced = { ...catalogModel('my-model'), pricing: undefined };

describe('models.prices', () => {
  it('prices a model no catalog prices, per million tokens, exactly', () => {
    const priced = withConfiguredPrice(candidateOf(single, unpriced), { 'openai-compatible:my-model': { input: 0.5, output: 1.5 } });
    expect(priced.model.pricing).toEqual({ prompt: '0.0000005', completion: '0.0000015' });
  });

  it('names a model by provider:id, by provider type, as openai: for OPENAI_BASE_URL, or by its id alone', () => {
    const price = { input: 2, output: 8 };
    for (const key of ['openai-compatible:my-model', 'openai:my-model', 'my-model']) {
      expect(withConfiguredPrice(candidateOf(single, unpriced), { [key]: price }).model.pricing?.prompt, key).toBe('0.000002');
    }
    expect(withConfiguredPrice(candidateOf(gateway, unpriced), { 'openai-compatible:my-model': price }).model.pricing?.prompt).toBe('0.000002');
    expect(withConfiguredPrice(candidateOf(gateway, unpriced), { 'openai:my-model': price }).model.pricing).toBeUndefined();
    expect(withConfiguredPrice(candidateOf(gateway, unpriced), { 'other:my-model': price, 'my-model-2': price }).model.pricing).toBeUndefined();
  });

  it('wins over the catalog, the provider:id key over the bare id', () => {
    const listed = candidateOf(gateway, catalogModel('my-model', { inPerM: '1', outPerM: '2' }));
    const priced = withConfiguredPrice(listed, { 'my-model': { input: 9, output: 9 }, 'gateway:my-model': { input: 0.25, output: 0 } });
    expect(priced.model.pricing).toEqual({ prompt: '0.00000025', completion: '0' });
    expect(listed.model.pricing?.prompt).toBe('0.000001');
  });
});
