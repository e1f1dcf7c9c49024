import { lstatSync } from 'node:fs';
import type { AppConfig } from '../config/index.js';
import { AtelierError } from '../errors/atelier-error.js';
import type { ModelSettings } from '../llm/index.js';

/** A setting kept in the run's store would send keys or write files where the user did not say now. */
export class UntrustedResumeSettingError extends AtelierError {
  override readonly name = 'UntrustedResumeSettingError';
  constructor(runId: string, what: string, again: string) {
    super(`run ${runId} was started with ${what}; a resume uses it only when you give it again (${again}). Nothing was changed.`);
  }
}

const trimmed = (url: string) => url.replace(/\/+$/, '');

/** One shell word, quoted when it needs to be: a kept URL is shown as something to paste. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The run's store is a file in the project, which generated code (under the plain driver) or
 * anyone with the folder can edit. What it keeps is trusted on resume only where trusting it
 * cannot send the user's keys to a new address or write outside what was written before: an
 * endpoint must be one the user configures now (OPENAI_BASE_URL, a provider's base_url in the
 * user's own config file, never the project's, which sits in the same folder as the store) or
 * gives again, and a kept cassette must already be a regular file (a cassette of this run).
 */
export function checkResumeSettings(runId: string, saved: ModelSettings, given: ModelSettings, context: { env: NodeJS.ProcessEnv; userConfig: AppConfig }): void {
  if (saved.baseUrl !== undefined && given.baseUrl === undefined) {
    const known = [context.env.OPENAI_BASE_URL, ...Object.values(context.userConfig.providers ?? {}).map((provider) => provider.base_url)]
      .filter((url): url is string => typeof url === 'string')
      .map(trimmed);
    if (!known.includes(trimmed(saved.baseUrl))) throw new UntrustedResumeSettingError(runId, `the endpoint ${JSON.stringify(saved.baseUrl)}`, `--base-url ${shellWord(saved.baseUrl)}`);
  }
  if (given.record === undefined && given.replay === undefined) {
    for (const [flag, file] of [['--record', saved.record], ['--replay', saved.replay]] as const) {
      if (file === undefined) continue;
      let regular = false;
      try {
        regular = lstatSync(file).isFile();
      } catch {
        regular = false;
      }
      if (!regular) throw new UntrustedResumeSettingError(runId, `the cassette ${file}, which is not a cassette file now`, `${flag} FILE`);
    }
  }
}
