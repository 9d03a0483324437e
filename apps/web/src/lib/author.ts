const KEY = 'loop.authorName';
const DEFAULT_AUTHOR = 'dashboard';

/** The name comments are signed with; the API records the author per comment, not per key. */
export const authorName = {
  read: (): string => localStorage.getItem(KEY) ?? DEFAULT_AUTHOR,
  write: (name: string) => localStorage.setItem(KEY, name.trim() || DEFAULT_AUTHOR),
};
