import fc from 'fast-check';

/**
 * The hostile values the suite sends, as the issue that found the 500s listed them. `refused`
 * marks a value every route must answer with a 4xx whatever its schema says; any other value is
 * refused exactly when the documented schema says it is invalid (`hostile-requests.ts`).
 */
export interface HostileValue {
  name: string;
  value: unknown;
  refused?: boolean;
}

const mebibyte = 'x'.repeat(1024 * 1024);

/** Strings with any code point, control characters and NUL included: a fixed seed keeps runs identical. */
const arbitraryStrings = (seed: number) => fc.sample(fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }), { seed, numRuns: 2 });

/** Values for a top-level JSON body field (a NUL anywhere in them is refused; see `containsNul`). */
export function bodyValues(seed: number): HostileValue[] {
  return [
    { name: 'NUL in a string', value: 'a\u0000b', refused: true },
    { name: 'NUL as an object key', value: { 'k\u0000': 'v' }, refused: true },
    { name: 'NUL inside an array', value: ['ok', '\u0000'], refused: true },
    { name: 'the text %00', value: '%00' },
    { name: 'a 1 MiB string (over the body limit)', value: mebibyte, refused: true },
    { name: '2^31', value: 2 ** 31 },
    { name: '2^53+1', value: 2 ** 53 + 1 },
    { name: '-1', value: -1 },
    { name: '1e308', value: 1e308 },
    { name: '"NaN"', value: 'NaN' },
    { name: 'an array for a scalar or object', value: [1, 2] },
    { name: 'an object for a string', value: { a: 1 } },
    { name: 'null', value: null },
    { name: 'true', value: true },
    { name: 'an empty string', value: '' },
    ...arbitraryStrings(seed).map((value, index) => ({ name: `arbitrary string ${index + 1}`, value })),
  ];
}

/** Values for a path segment, already percent-encoded as they go on the wire: none names a row. */
export const pathValues: HostileValue[] = [
  { name: '%00', value: '%00', refused: true },
  { name: 'a%00b', value: 'a%00b', refused: true },
  { name: 'invalid UTF-8 (%FF%FE)', value: '%FF%FE', refused: true },
  { name: 'a 1 MiB segment', value: mebibyte, refused: true },
  { name: '2^31', value: '2147483648', refused: true },
  { name: '2^53+1', value: '9007199254740993', refused: true },
  { name: '-1', value: '-1', refused: true },
  { name: '1e308', value: '1e308', refused: true },
  { name: 'NaN', value: 'NaN', refused: true },
  { name: 'an encoded newline', value: 'a%0Ab', refused: true },
  { name: 'JSON text', value: '%7B%22a%22%3A1%7D', refused: true },
];

/** Values for a query parameter, percent-encoded. A free-text filter may accept most of them. */
export function queryValues(seed: number): HostileValue[] {
  return [
    { name: '%00', value: '%00', refused: true },
    { name: 'a%00b', value: 'a%00b', refused: true },
    { name: 'invalid UTF-8 (%FF%FE)', value: '%FF%FE' },
    { name: 'a 1 MiB value', value: mebibyte },
    { name: '2^31', value: '2147483648' },
    { name: '2^53+1', value: '9007199254740993' },
    { name: '-1', value: '-1' },
    { name: '1e308', value: '1e308' },
    { name: 'NaN', value: 'NaN' },
    { name: 'empty', value: '' },
    { name: 'JSON text', value: '%7B%22a%22%3A1%7D' },
    ...arbitraryStrings(seed).map((value, index) => ({
      name: `arbitrary string ${index + 1}`,
      value: encodeURIComponent(value),
      refused: value.includes('\u0000'),
    })),
  ];
}

/** A JSON text nested `depth` levels deep. */
export const nestedText = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Wrong content types for a JSON body. */
export const wrongContentTypes = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml'];
