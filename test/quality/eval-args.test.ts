import { describe, expect, it } from 'vitest';
import { EvalUsageError, parseEvalArgs } from '../../bench/quality/eval-args.js';

const parse = (...argv: string[]) => parseEvalArgs(argv, '/home/me', '/repo');

describe('parseEvalArgs', () => {
  it('runs the atelier suite two at a time into the repository by default', () => {
    expect(parse()).toMatchObject({ offline: false, suites: ['atelier'], jobs: 2, limit: null, only: [], outDir: '/repo/bench/quality/results', projectsDir: '/repo/workspace/quality', timeoutMs: 7_200_000, runFlags: [], resumeFlags: [], model: null });
  });

  it('passes the model flags to every run, and those resume takes to resume; the rest after -- to run only', () => {
    const options = parse('--model', 'openai:gpt-4.1-mini', '--budget', '0.50', '--max-fix-rounds', '2', '--stage-model', 'write_prd=a', '--stage-model', 'test=b', '--free-only', '--', '--explain-models');
    expect(options.runFlags).toEqual(['--model', 'openai:gpt-4.1-mini', '--budget', '0.50', '--max-fix-rounds', '2', '--stage-model', 'write_prd=a', '--stage-model', 'test=b', '--free-only', '--explain-models']);
    expect(options.resumeFlags).toEqual(['--model', 'openai:gpt-4.1-mini', '--budget', '0.50', '--stage-model', 'write_prd=a', '--stage-model', 'test=b', '--free-only']);
    expect(options.model).toBe('openai:gpt-4.1-mini');
  });

  it('puts the projects beside the results when --out is given, relative paths from the folder it runs in', () => {
    expect(parse('--out', 'res')).toMatchObject({ outDir: '/home/me/res', projectsDir: '/home/me/res/projects' });
    expect(parse('--out', 'res', '--projects', '/data/p')).toMatchObject({ projectsDir: '/data/p' });
  });

  it('takes every suite, a limit, ideas by id and a timeout of 0 as none', () => {
    expect(parse('--suite', 'all', '--limit', '3', '--only', 'a,b', '--only', 'c', '--timeout', '0', '--jobs', '4')).toMatchObject({ suites: ['atelier', 'metagpt'], limit: 3, only: ['a', 'b', 'c'], timeoutMs: null, jobs: 4 });
  });

  it('refuses what it cannot run, saying what to do', () => {
    const refused = (argv: string[], message: RegExp) => {
      let error: unknown;
      try {
        parse(...argv);
      } catch (caught) {
        error = caught;
      }
      expect(EvalUsageError.isInstance(error), argv.join(' ')).toBe(true);
      expect((error as Error).message).toMatch(message);
    };
    refused(['--suite', 'srdd'], /--suite is one of atelier, metagpt or all, not "srdd"/);
    refused(['--jobs', '0'], /--jobs takes a whole number from 1/);
    refused(['--offline', '--model', 'x'], /--offline replays recorded answers.*--model/);
    refused(['--offline', '--suite', 'metagpt'], /drop --suite/);
    refused(['--modle', 'x'], /Unknown option '--modle'.*see --help/);
  });
});
