/**
 * Anything logged from a request passes through here: control characters (a decoded `%0A` or
 * `%00` in a path, a newline in an error message) are written as escapes, so a client can neither
 * forge a log line nor write raw bytes into the log.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line on stderr, escaped. */
export function logError(line: string): void {
  console.error(escapeControl(line));
}
