import { AtelierError } from '../errors/atelier-error.js';

/**
 * Why a change to the configuration was refused: `exists` (a name clash that needs --force),
 * `not_found` (no such role, workflow, template or key), `invalid` (an illegal id or value),
 * `builtin` (built-in files are part of the package and are never changed), `breaks` (the change
 * would leave another file that loads today unable to load).
 */
export type ConfigChangeReason = 'exists' | 'not_found' | 'invalid' | 'builtin' | 'breaks';

/** A refused change to roles, workflows or atelier.config.yml. Nothing was written when it is thrown. */
export class ConfigChangeError extends AtelierError {
  override readonly name = 'ConfigChangeError';
  readonly reason: ConfigChangeReason;

  constructor(reason: ConfigChangeReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** `config get` of a key no file sets: not a mistake in the input, so it is told apart from one. */
export class ConfigKeyNotSetError extends AtelierError {
  override readonly name = 'ConfigKeyNotSetError';
  readonly key: string;

  constructor(key: string, files: readonly string[]) {
    super(`"${key}" is not set in ${files.join(' or ')}; set it with \`atelier config set ${key} VALUE\``);
    this.key = key;
  }
}
