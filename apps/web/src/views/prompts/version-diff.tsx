import type { PromptVersion } from '../../lib/api-types';
import { type Side, sideBySide } from '../../lib/diff-rows';

const tone = { same: '', removed: 'bg-red-50 text-red-900', added: 'bg-green-50 text-green-900' } as const;
const mark = { same: ' ', removed: '−', added: '+' } as const;

function Cell({ side }: { side: Side }) {
  if (!side) return <td className="bg-slate-50" colSpan={2} />;
  return (
    <>
      <td className="select-none px-1 text-right text-slate-600">{side.number}</td>
      <td className={`whitespace-pre-wrap break-all px-1 ${tone[side.kind]}`} data-kind={side.kind}>
        <span aria-hidden="true">{mark[side.kind]} </span>
        {side.kind !== 'same' && <span className="sr-only">{side.kind}: </span>}
        {side.text}
      </td>
    </>
  );
}

export function VersionDiff({ from, to }: { from: PromptVersion; to: PromptVersion }) {
  const rows = sideBySide(from.content, to.content);
  const changed = rows.some((row) => row.left?.kind !== 'same' || row.right?.kind !== 'same');
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      {!changed && <p className="p-2 text-sm text-slate-600">The two versions have the same content.</p>}
      <table className="w-full table-fixed font-mono text-xs" data-testid="version-diff">
        <caption className="sr-only">
          Version {from.version} against version {to.version}
        </caption>
        <colgroup>
          <col className="w-8" />
          <col />
          <col className="w-8" />
          <col />
        </colgroup>
        <thead className="bg-slate-50 text-left">
          <tr>
            <th scope="col" colSpan={2} className="px-1 py-1">
              Version {from.version}
            </th>
            <th scope="col" colSpan={2} className="px-1 py-1">
              Version {to.version}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index} className="align-top">
              <Cell side={row.left} />
              <Cell side={row.right} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
