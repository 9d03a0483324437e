import { z } from '@hono/zod-openapi';
import { apiKeyRoles } from '../../db/schema';
import { isoTimestamp } from '../common-schemas';

export const ApiKeyRoleSchema = z.enum(apiKeyRoles).openapi('ApiKeyRole', {
  description: '`admin`: everything. `agent`: everything except managing API keys (`/api-keys` answers 403)',
});

export const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'The first characters of the key, safe to show', example: 'loop_3kTq9x' }),
    role: ApiKeyRoleSchema,
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
    role: ApiKeyRoleSchema,
    key: z.string().openapi({ description: 'The plaintext key. Shown only in this response; store it now.' }),
    createdAt: isoTimestamp,
  })
  .openapi('CreatedApiKey');

export const CreateApiKeyBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    role: ApiKeyRoleSchema.optional().openapi({ description: '`admin` when omitted' }),
  })
  .openapi('CreateApiKey', { example: { name: 'ci-agent', role: 'agent' } });

export type ApiKey = z.infer<typeof ApiKeySchema>;
export type CreatedApiKey = z.infer<typeof CreatedApiKeySchema>;
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyBody>;
