import { describe, expect, it } from 'vitest';
import { parseConfigKey } from './app-config-keys.js';

describe('parseConfigKey', () => {
  it('splits dotted names, and keeps a quoted name whole: a model id may hold dots', () => {
    expect(parseConfigKey('models.roles.engineer')).toEqual(['models', 'roles', 'engineer']);
    expect(parseConfigKey('models.prices.my-model')).toEqual(['models', 'prices', 'my-model']);
    expect(parseConfigKey('models.prices."openai:gpt-4.1".input')).toEqual(['models', 'prices', 'openai:gpt-4.1', 'input']);
  });

  it('refuses empty names, an unclosed quote and a key the schema does not have', () => {
    for (const key of ['models.', 'models..roles', 'models.prices."gpt-4.1', 'models.prices."gpt"x']) expect(() => parseConfigKey(key), key).toThrow(/is not a key/);
    expect(() => parseConfigKey('models.prices.my-model.price')).toThrow(/unknown key "models.prices.my-model.price".*input, output/);
  });
});
