import { AtelierError } from '../errors/atelier-error.js';

/** The sandbox could not start a command at all (bad workspace folder, broken bubblewrap); the command never ran. */
export class SandboxError extends AtelierError {
  override readonly name = 'SandboxError';
  readonly driver: string;

  constructor(options: { driver: string; detail: string; cause?: unknown }) {
    super(`sandbox (${options.driver}): ${options.detail}`, { cause: options.cause });
    this.driver = options.driver;
  }

  /**
   * The inherited guard, also when passed around unbound (`toSatisfy(SandboxError.isInstance)`):
   * the base reads the class from `this`, which is then undefined.
   */
  static override isInstance<T extends AtelierError>(this: (abstract new (...args: never[]) => T) | void, value: unknown): value is T {
    const type = (this ?? SandboxError) as abstract new (...args: never[]) => T;
    return AtelierError.isInstance.call(type, value);
  }
}
