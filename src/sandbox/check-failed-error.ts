import { AtelierError } from '../errors/atelier-error.js';

/** `atelier sandbox check` found a protection the driver claims that did not hold. */
export class SandboxCheckFailedError extends AtelierError {
  override readonly name = 'SandboxCheckFailedError';
  readonly failed: string[];

  constructor(options: { driver: string; failed: string[] }) {
    super(
      `the ${options.driver} driver did not hold ${options.failed.length === 1 ? 'this protection' : `these ${options.failed.length} protections`}: ` +
        `${options.failed.join(', ')}; do not run generated code with it until this is fixed (see docs/sandbox.md), or try --driver with another driver`,
    );
    this.failed = options.failed;
  }
}
