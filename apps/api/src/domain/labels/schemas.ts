import { z } from '@hono/zod-openapi';
import { isoTimestamp } from '../common-schemas';

const LabelName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .openapi({ description: 'Unique among live labels, ignoring case', example: 'regression' });

const LabelColor = z
  .string()
  .regex(/^#[0-9A-Fa-f]{6}$/, 'must be a hex colour like #RRGGBB')
  .openapi({ description: 'A hex colour `#RRGGBB`', example: '#D73A4A' });

export const LabelSchema = z
  .object({ id: z.string(), name: z.string(), color: z.string(), createdAt: isoTimestamp })
  .openapi('Label');

/** How an issue embeds its labels. */
export const LabelSummarySchema = z
  .object({ id: z.string(), name: z.string(), color: z.string() })
  .openapi('LabelSummary');

export const CreateLabelBody = z
  .strictObject({ name: LabelName, color: LabelColor })
  .openapi('CreateLabel', { example: { name: 'regression', color: '#D73A4A' } });

export const UpdateLabelBody = z
  .strictObject({ name: LabelName.optional(), color: LabelColor.optional() })
  .openapi('UpdateLabel', { example: { color: '#0E8A16' } });

export type Label = z.infer<typeof LabelSchema>;
export type LabelSummary = z.infer<typeof LabelSummarySchema>;
export type CreateLabelInput = z.infer<typeof CreateLabelBody>;
export type UpdateLabelInput = z.infer<typeof UpdateLabelBody>;
