import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';

/** Parses request input with a zod schema; a failure is a 400 naming each field. */
export function parseOr400<T extends z.ZodTypeAny>(schema: T, input: unknown, what = 'request'): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(root)', reason: issue.message }));
  throw new BadRequestException({
    code: 'REQUEST.INVALID',
    message: `invalid ${what}: ${errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`,
    errors,
  });
}
