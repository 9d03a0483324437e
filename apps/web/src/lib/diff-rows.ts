import { diffLines } from 'diff';

export type Side = { number: number; text: string; kind: 'same' | 'removed' | 'added' } | null;
export interface DiffRow {
  left: Side;
  right: Side;
}

function linesOf(value: string): string[] {
  const lines = value.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * Two versions side by side: unchanged lines face each other, a run of removed lines is paired
 * with the run of added lines that replaced it, and the longer run leaves blanks on the other side.
 */
export function sideBySide(before: string, after: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let left = 1;
  let right = 1;
  let removed: string[] = [];
  const flushRemoved = (added: string[]) => {
    for (let index = 0; index < Math.max(removed.length, added.length); index++) {
      const gone = removed[index];
      const come = added[index];
      rows.push({
        left: gone === undefined ? null : { number: left++, text: gone, kind: 'removed' },
        right: come === undefined ? null : { number: right++, text: come, kind: 'added' },
      });
    }
    removed = [];
  };
  for (const change of diffLines(before, after)) {
    const lines = linesOf(change.value);
    if (change.removed) {
      removed.push(...lines);
    } else if (change.added) {
      flushRemoved(lines);
    } else {
      flushRemoved([]);
      for (const text of lines) rows.push({ left: { number: left++, text, kind: 'same' }, right: { number: right++, text, kind: 'same' } });
    }
  }
  flushRemoved([]);
  return rows;
}
