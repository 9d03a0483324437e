import { LoopApiError, LoopNetworkError } from '@loop/client';

/** A sentence for a person: the API's own message (with the failing field), or what went wrong. */
export function errorMessage(error: unknown): string {
  if (error instanceof LoopApiError) {
    const detail = error.details?.[0];
    return detail && !error.message.includes(detail.message) ? `${error.message} (${detail.field}: ${detail.message})` : error.message;
  }
  if (error instanceof LoopNetworkError) return 'The Loop API cannot be reached. Is it running?';
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
