import { z } from '@hono/zod-openapi';
import { isoTimestamp } from '../../http/schemas';

export const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'The first characters of the key, safe to show', example: 'loop_3kTq9x' }),
    createdAt: isoTimestamp,
    lastUsedAt: isoTimestamp.nullable(),
    revokedAt: isoTimestamp.nullable(),
  })
  .openapi('ApiKey');

export const CreatedApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    key: z.string().openapi({ description: 'The plaintext key. Shown only in this response; store it now.' }),
    createdAt: isoTimestamp,
  })
  .openapi('CreatedApiKey');

export const CreateApiKeyBody = z
  .strictObject({ name: z.string().trim().min(1).max(200) })
  .openapi('CreateApiKey', { example: { name: 'ci-agent' } });

export type ApiKey = z.infer<typeof ApiKeySchema>;
export type CreatedApiKey = z.infer<typeof CreatedApiKeySchema>;
