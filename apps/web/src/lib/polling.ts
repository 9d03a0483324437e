/** Views that watch the loop move (overview, queue, triage) refetch this often, and on focus. */
export const LIVE_REFETCH_MS = 10_000;
