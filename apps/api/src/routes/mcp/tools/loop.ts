import { z } from '@hono/zod-openapi';
import { dashboardStats } from '../../../domain/dashboard/stats';
import { createReview } from '../../../domain/prompts/reviews';
import { CreateReviewBody } from '../../../domain/prompts/schemas';
import { ingestSignal } from '../../../domain/signals/ingest';
import { CreateSignalBody } from '../../../domain/signals/schemas';
import { additive, defineTool, readOnly } from '../tool';

const ingestSignalTool = defineTool({
  name: 'ingest_signal',
  title: 'Report a signal',
  description:
    'Feeds an observation into the loop (an error spike, a failing check, user feedback): stores the signal and ' +
    'opens its triage issue, prioritised by severity. With a deliveryId a repeat returns the original ' +
    '(duplicate: true) instead of a second signal.',
  input: z.strictObject({ ...CreateSignalBody.shape }),
  annotations: additive(false),
  async run(ctx, input) {
    const { signal, issue, duplicate } = await ingestSignal(ctx.db, input, ctx.clock.now());
    return { data: duplicate ? { signal, issue, duplicate } : { signal, issue } };
  },
});

const reviewPrompt = defineTool({
  name: 'review_prompt',
  title: 'Review the prompt you were given',
  description:
    'After report_outcome, rate the prompt of your claim from 1 to 5 for clarity, completeness and relevance, with ' +
    'feedback on what was missing or misleading. versionId is the claim\'s meta.versionId and issueId its issue. ' +
    'Low scores open a prompt-improvement issue.',
  input: z.strictObject({ ...CreateReviewBody.shape }),
  annotations: additive(false),
  async run(ctx, input) {
    const { env } = ctx;
    const thresholds = {
      threshold: env.PROMPT_REVIEW_THRESHOLD,
      minCount: env.PROMPT_REVIEW_MIN_COUNT,
      refreshCount: env.PROMPT_REFRESH_REVIEW_COUNT,
    };
    return { data: await createReview(ctx.db, input, thresholds, ctx.clock.now()) };
  },
});

const loopStatus = defineTool({
  name: 'loop_status',
  title: 'Loop status',
  description:
    'The headline numbers of this Loop: issues by status and type, goal progress, queue depth and the last seven ' +
    'days (signals in, issues closed, claims).',
  input: z.strictObject({}),
  annotations: readOnly,
  async run(ctx) {
    return { data: await dashboardStats(ctx.db, ctx.clock.now()) };
  },
});

export const loopTools = [ingestSignalTool, reviewPrompt, loopStatus];
