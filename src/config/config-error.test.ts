import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigErrors, configProblems, formatFieldPath } from './config-error.js';

describe('ConfigError', () => {
  it('formats file:line:column: field: message', () => {
    const error = new ConfigError({
      file: 'path/to/file.yml',
      line: 12,
      column: 5,
      field: 'stages[2].role',
      message: 'unknown role "secrity_expert" (did you mean "security_expert"?)',
    });
    expect(error.message).toBe('path/to/file.yml:12:5: stages[2].role: unknown role "secrity_expert" (did you mean "security_expert"?)');
    expect(String(error)).toBe(error.message);
    expect(error.detail).toBe('unknown role "secrity_expert" (did you mean "security_expert"?)');
    expect(error.name).toBe('ConfigError');
  });

  it('leaves out the parts it does not know', () => {
    expect(new ConfigError({ file: 'a.yml', message: 'file not found' }).message).toBe('a.yml: file not found');
    expect(new ConfigError({ file: 'a.yml', line: 3, message: 'bad' }).message).toBe('a.yml:3: bad');
  });

  it('recognises its own instances, not a plain error or a sibling', () => {
    const error = new ConfigError({ file: 'a.yml', message: 'bad' });
    expect(ConfigError.isInstance(error)).toBe(true);
    expect(ConfigError.isInstance(new Error('bad'))).toBe(false);
    expect(ConfigErrors.isInstance(error)).toBe(false);
    expect(ConfigError.isInstance(Object.assign(new Error('bad'), { name: 'ConfigError', file: 'a.yml', detail: 'bad' }))).toBe(false);
  });
});

describe('ConfigErrors', () => {
  it('lists every problem under one heading', () => {
    const errors = new ConfigErrors([
      new ConfigError({ file: 'w.yml', line: 4, column: 11, field: 'stages[0].role', message: 'unknown role "x"' }),
      new ConfigError({ file: 'w.yml', line: 9, column: 5, field: 'stages[1].input', message: 'input "y" is not the output of any stage' }),
    ]);
    expect(errors.message).toBe(
      ['2 problems in w.yml:', '  w.yml:4:11: stages[0].role: unknown role "x"', '  w.yml:9:5: stages[1].input: input "y" is not the output of any stage'].join('\n'),
    );
    expect(ConfigErrors.isInstance(errors)).toBe(true);
    expect(configProblems(errors)).toHaveLength(2);
    expect(configProblems(errors.errors[0])).toHaveLength(1);
    expect(configProblems(new Error('other'))).toBeUndefined();
  });
});

describe('formatFieldPath', () => {
  it('writes indexes in brackets and keys with dots', () => {
    expect(formatFieldPath(['stages', 2, 'role'])).toBe('stages[2].role');
    expect(formatFieldPath(['model_preferences', 'temperature'])).toBe('model_preferences.temperature');
    expect(formatFieldPath([])).toBeUndefined();
  });
});
