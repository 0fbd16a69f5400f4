/**
 * The most calls one HTTP request may batch (server/app.ts refuses more with 413). The client's
 * httpBatchLink splits its batches at this size (`maxItems`). Its own file, free of zod, so the
 * client's entry chunk does not pull the schema library in for one number.
 */
export const MAX_BATCH_CALLS = 25
