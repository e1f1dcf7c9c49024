import { redactSecrets } from '../observe/redact.js';
import { AtelierError } from '../errors/atelier-error.js';

/** The model's answers never passed the schema and checks, repairs included. Nothing was stored. */
export class InvalidModelOutputError extends AtelierError {
  override readonly name = 'InvalidModelOutputError';
  readonly label: string;
  readonly model: string;
  readonly schemaName: string;
  /** The problems with the last answer, as sent back to the model. */
  readonly problems: string[];
  readonly attempts: number;

  constructor(options: { label: string; model: string; schemaName: string; problems: string[]; attempts: number }) {
    const plural = options.attempts === 1 ? 'attempt' : 'attempts';
    super(
      redactSecrets(
        [
          `${options.label}: ${options.model} did not produce a valid "${options.schemaName}" in ${options.attempts} ${plural}. Problems with its last answer:`,
          ...options.problems.map((problem) => `  - ${problem}`),
          'Try a more capable model (--model), or loosen the role\'s output format.',
        ].join('\n'),
      ),
    );
    this.label = options.label;
    this.model = options.model;
    this.schemaName = options.schemaName;
    this.problems = options.problems;
    this.attempts = options.attempts;
  }
}
