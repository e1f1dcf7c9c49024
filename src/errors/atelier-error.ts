const BASE_MARKER = Symbol.for('atelier.error');

function markerOf(className: string): symbol {
  return Symbol.for(`atelier.error.${className}`);
}

/**
 * The base of every error Atelier throws on purpose. Each instance carries a `Symbol.for`
 * marker for its class and every class above it, so `SomeError.isInstance(value)` holds for an
 * error made by another copy of this module (a second install, a worker bundle) where
 * `instanceof` would not, and never by accident for an unrelated error that happens to share a
 * `name`. Subclasses set `override readonly name` and inherit `isInstance`.
 */
export class AtelierError extends Error {
  private readonly [BASE_MARKER] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    for (let type: unknown = new.target; typeof type === 'function' && type !== Error; type = Object.getPrototypeOf(type)) {
      Object.defineProperty(this, markerOf((type as { name: string }).name), { value: true, enumerable: false });
    }
  }

  /** True when `value` is an instance of the class this is called on (or of a subclass). */
  static isInstance<T extends AtelierError>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[markerOf(this.name)] === true;
  }

  /** True for any Atelier error. */
  static isAtelierError(value: unknown): value is AtelierError {
    return typeof value === 'object' && value !== null && BASE_MARKER in value;
  }
}
