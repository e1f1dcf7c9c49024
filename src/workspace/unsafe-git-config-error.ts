import { AtelierError } from '../errors/atelier-error.js';

/** The repository's own configuration says something Atelier's git must not follow; nothing was run. */
export class UnsafeGitConfigError extends AtelierError {
  override readonly name = 'UnsafeGitConfigError';
  readonly root: string;
  readonly key: string;

  constructor(options: { root: string; key: string; value: string; why: string }) {
    super(
      `the git configuration of ${options.root} sets ${options.key}=${options.value}, ${options.why}; ` +
        `remove it (git -C ${JSON.stringify(options.root)} config --unset ${options.key}) and run again`,
    );
    this.root = options.root;
    this.key = options.key;
  }
}
