type Scalar = string | number | boolean | null;
type Json = Scalar | Json[] | { [key: string]: Json };

function Leaf({ value }: { value: Scalar }) {
  if (typeof value === 'string') return <span className="text-green-800">&quot;{value}&quot;</span>;
  if (value === null) return <span className="text-slate-600">null</span>;
  return <span className="text-blue-800">{String(value)}</span>;
}

function Entry({ name, value, depth }: { name: string; value: Json; depth: number }) {
  if (value !== null && typeof value === 'object') {
    const entries: [string, Json][] = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
    const count = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
    return (
      <li>
        <details open={depth < 1}>
          <summary className="cursor-pointer">
            <span className="font-medium">{name}</span> <span className="text-slate-600">{count}</span>
          </summary>
          <ul className="ml-4 border-l border-slate-200 pl-2">
            {entries.map(([key, item]) => (
              <Entry key={key} name={key} value={item} depth={depth + 1} />
            ))}
          </ul>
        </details>
      </li>
    );
  }
  return (
    <li>
      <span className="font-medium">{name}</span>: <Leaf value={value} />
    </li>
  );
}

/** A JSON value as a tree of native disclosure widgets: keyboard and screen-reader friendly for free. */
export function JsonTree({ value, name = 'payload' }: { value: unknown; name?: string }) {
  return (
    <ul className="overflow-x-auto font-mono text-xs" data-testid="json-tree">
      <Entry name={name} value={value as Json} depth={0} />
    </ul>
  );
}
