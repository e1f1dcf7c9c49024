import { AtelierError } from '../errors/atelier-error.js';

/** The sandbox could not start a command at all (bad workspace folder, broken bubblewrap); the command never ran. */
export class SandboxError extends AtelierError {
  override readonly name = 'SandboxError';
  readonly driver: string;

  constructor(options: { driver: string; detail: string; cause?: unknown }) {
    super(`sandbox (${options.driver}): ${options.detail}`, { cause: options.cause });
    this.driver = options.driver;
  }
}
