import { describe, expect, it } from 'vitest';
import { sideBySide } from '../src/lib/diff-rows';

describe('side-by-side diff', () => {
  it('faces unchanged lines and pairs a replaced line with its replacement', () => {
    const rows = sideBySide('# {{issue.title}}\nold line\nend\n', '# {{issue.title}}\nnew line\nend\n');
    expect(rows).toEqual([
      { left: { number: 1, text: '# {{issue.title}}', kind: 'same' }, right: { number: 1, text: '# {{issue.title}}', kind: 'same' } },
      { left: { number: 2, text: 'old line', kind: 'removed' }, right: { number: 2, text: 'new line', kind: 'added' } },
      { left: { number: 3, text: 'end', kind: 'same' }, right: { number: 3, text: 'end', kind: 'same' } },
    ]);
  });

  it('leaves a blank on the side without a counterpart and keeps each side numbered', () => {
    const rows = sideBySide('a\nb\n', 'a\nx\ny\nb\n');
    expect(rows.map((row) => [row.left?.number ?? null, row.right?.number ?? null])).toEqual([
      [1, 1],
      [null, 2],
      [null, 3],
      [2, 4],
    ]);
    expect(rows[1]?.right).toEqual({ number: 2, text: 'x', kind: 'added' });
  });

  it('shows a removal alone when nothing replaced it', () => {
    const rows = sideBySide('a\ngone\n', 'a\n');
    expect(rows[1]).toEqual({ left: { number: 2, text: 'gone', kind: 'removed' }, right: null });
  });
});
