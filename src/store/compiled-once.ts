import { CompiledQuery, type Compilable } from 'kysely';

type Slot = { key: string } | { constant: unknown };

/**
 * A query whose shape never changes, built and compiled by Kysely once and then only given new
 * values: building and compiling the ledger's insert cost more than running it. `build` is called
 * once, with a unique placeholder string for each of `keys`; every parameter of the compiled
 * query that is a placeholder is filled from the call's values, the others (constants the
 * builder added) are kept. A key whose placeholder never reaches the parameters (used as SQL
 * text, say) is refused at the first call instead of running a wrong query.
 */
export function compiledOnce<Values extends Record<string, unknown>, Row>(
  keys: readonly (keyof Values & string)[],
  build: (values: Values) => Compilable<Row>,
): (values: Values) => CompiledQuery<Row> {
  let shape: { sql: string; slots: Slot[] } | undefined;
  return (values) => {
    if (!shape) {
      const placeholders = new Map(keys.map((key) => [`\u0000atelier-slot:${key}\u0000`, key]));
      const compiled = build(Object.fromEntries([...placeholders].map(([text, key]) => [key, text])) as Values).compile();
      const slots = compiled.parameters.map((parameter): Slot => {
        const key = typeof parameter === 'string' ? placeholders.get(parameter) : undefined;
        return key === undefined ? { constant: parameter } : { key };
      });
      const used = new Set(slots.flatMap((slot) => ('key' in slot ? [slot.key] : [])));
      const lost = keys.filter((key) => !used.has(key));
      if (lost.length > 0 || compiled.sql.includes('\u0000')) throw new Error(`a compiled-once query must take ${lost.join(', ') || 'its values'} as parameters`);
      shape = { sql: compiled.sql, slots };
    }
    const parameters = shape.slots.map((slot) => ('key' in slot ? values[slot.key] : slot.constant));
    return CompiledQuery.raw(shape.sql, parameters) as CompiledQuery<Row>;
  };
}
