import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { systemDesignExample } from '../examples/system-design.js';
import { systemDesignSchema } from './system-design.js';
import { describeIssues } from '../validate-document.js';

function problems(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : describeIssues(result.error.issues);
}

describe('systemDesignSchema', () => {
  it('accepts the example and refuses a file listed twice', () => {
    expect(problems(systemDesignSchema, systemDesignExample)).toEqual([]);
    const twice = { ...systemDesignExample, file_list: ['src/cli.ts', 'src/cli.ts'] };
    expect(problems(systemDesignSchema, twice)).toEqual(['file_list: file "src/cli.ts" is listed twice in file_list']);
  });

  it('requires a test command; the run command may be left out (a page QA opens in a browser)', () => {
    const found = problems(systemDesignSchema, { ...systemDesignExample, commands: { install: 'npm i' } });
    expect(found).toEqual(['commands.test: Invalid input: expected string, received undefined']);
    expect(problems(systemDesignSchema, { ...systemDesignExample, commands: { test: 'node --test' } })).toEqual([]);
  });
});
