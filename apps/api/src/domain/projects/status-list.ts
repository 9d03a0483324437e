import { z } from '@hono/zod-openapi';

/**
 * A `status` query filter: one enum value or a comma-separated list of them (`?status=active,paused`),
 * the same form the issue list takes. Any value outside the enum, or an empty one, is a 422.
 */
export function statusListQuery<const T extends readonly [string, ...string[]]>(values: T) {
  const allowed = new Set<string>(values);
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      const parts = raw.split(',').map((part) => part.trim());
      const unknown = parts.filter((part) => !allowed.has(part));
      if (unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `must be one or more of ${values.join(', ')} (comma-separated)` });
        return z.NEVER;
      }
      return [...new Set(parts)] as T[number][];
    })
    .openapi({
      type: 'string',
      description: `One or more of ${values.join(', ')}, comma-separated`,
      example: values[0],
    }) as z.ZodType<T[number][] | undefined, string | undefined>;
}
