const marker = Symbol.for('atelier.error.SandboxError');

/** The sandbox could not start a command at all (bad workspace folder, broken bubblewrap); the command never ran. */
export class SandboxError extends Error {
  private readonly [marker] = true;
  override readonly name = 'SandboxError';
  readonly driver: string;

  constructor(options: { driver: string; detail: string; cause?: unknown }) {
    super(`sandbox (${options.driver}): ${options.detail}`, { cause: options.cause });
    this.driver = options.driver;
  }

  static isInstance(error: unknown): error is SandboxError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
