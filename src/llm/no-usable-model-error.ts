import { AtelierError } from '../errors/atelier-error.js';

/** Selection found nothing the call can use; says what ruled each model out. */
export class NoUsableModelError extends AtelierError {
  override readonly name = 'NoUsableModelError';
  constructor(label: string, reasons: string[], hint = 'Check `atelier models recommend` and the models, providers and free_only settings in atelier.config.yml.') {
    super(`${label}: no model can take this call. ${reasons.length > 0 ? `Ruled out: ${reasons.join('; ')}. ` : ''}${hint}`);
  }
}
