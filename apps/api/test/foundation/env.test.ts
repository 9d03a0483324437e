import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../../src/env';

const problemsOf = (raw: Record<string, string>) => {
  try {
    parseEnv(raw);
    return [];
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
};

describe('environment validation', () => {
  it('applies the documented defaults to an empty environment', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      PORT: 4242,
      DISPATCH_LEASE_SECONDS: 1800,
      LOOP_BODY_LIMIT_BYTES: 1048576,
      CORS_ORIGINS: [],
      PROMPT_REVIEW_THRESHOLD: 3.5,
      PROMPT_REVIEW_MIN_COUNT: 5,
      PROMPT_REFRESH_REVIEW_COUNT: 15,
      LOOP_MIGRATE_ON_START: true,
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('treats empty values as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', PORT: '' })).toMatchObject({ DATABASE_URL: undefined, PORT: 4242 });
  });

  it('reports one clear line per bad variable', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://db',
      DISPATCH_LEASE_SECONDS: '0',
      LOOP_URL: 'not a url',
    });
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT must be an integer/),
        expect.stringMatching(/^DATABASE_URL must be a postgres/),
        expect.stringMatching(/^DISPATCH_LEASE_SECONDS must be an integer ≥ 1 \(got "0"\)/),
        expect.stringMatching(/^LOOP_URL must be an absolute URL/),
      ]),
    );
  });

  it('rejects a lease that is not an integer', () => {
    expect(problemsOf({ DISPATCH_LEASE_SECONDS: '1.5' })).toEqual([expect.stringContaining('DISPATCH_LEASE_SECONDS')]);
    expect(problemsOf({ DISPATCH_LEASE_SECONDS: 'abc' })).toEqual([expect.stringContaining('DISPATCH_LEASE_SECONDS')]);
  });

  it('splits CORS_ORIGINS on commas', () => {
    expect(parseEnv({ CORS_ORIGINS: 'https://a.example, https://b.example,' }).CORS_ORIGINS).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it('refuses a root key too short to be a secret', () => {
    expect(problemsOf({ LOOP_API_KEY: 'short' })).toEqual([expect.stringContaining('LOOP_API_KEY')]);
  });

  it('reads LOOP_MIGRATE_ON_START as true or false, and refuses anything else', () => {
    expect(parseEnv({ LOOP_MIGRATE_ON_START: 'false' }).LOOP_MIGRATE_ON_START).toBe(false);
    expect(parseEnv({ LOOP_MIGRATE_ON_START: '0' }).LOOP_MIGRATE_ON_START).toBe(false);
    expect(parseEnv({ LOOP_MIGRATE_ON_START: 'TRUE' }).LOOP_MIGRATE_ON_START).toBe(true);
    expect(problemsOf({ LOOP_MIGRATE_ON_START: 'no' })).toEqual([
      'LOOP_MIGRATE_ON_START must be true or false (got "no")',
    ]);
  });
});
