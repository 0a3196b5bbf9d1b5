import { z } from 'zod';

/** The schema inside wrappers that do not change which keys are allowed (preprocess, nullable, optional). */
function unwrap(schema: z.ZodType): z.ZodType {
  let cur = schema;
  for (;;) {
    // A preprocess pipes into the schema (out); a transform pipes out of it (in).
    if (cur instanceof z.ZodPipe) cur = (cur.out instanceof z.ZodTransform ? cur.in : cur.out) as z.ZodType;
    else if (cur instanceof z.ZodNullable || cur instanceof z.ZodOptional) cur = cur.unwrap() as z.ZodType;
    else return cur;
  }
}

/**
 * The keys the object at `path` of a config may hold, by the schema; [] where the path leads to no fixed
 * set of keys (a record such as `leverage`, a scalar, or nowhere). Record keys and array indexes in `path`
 * are passed through.
 */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let cur: z.ZodType | undefined = schema;
  for (const key of path) {
    if (cur === undefined) return [];
    const s = unwrap(cur);
    if (s instanceof z.ZodObject) cur = (s.shape as Record<string, z.ZodType>)[String(key)];
    else if (s instanceof z.ZodRecord) cur = s.valueType as z.ZodType;
    else if (s instanceof z.ZodArray) cur = s.element as z.ZodType;
    else return [];
  }
  const s = cur && unwrap(cur);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}
