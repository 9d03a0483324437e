export function Pager({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav aria-label="Pagination" className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm">
      <p data-testid="page-info">
        {first}–{last} of {total} · page {page} of {pages}
      </p>
      <div className="flex gap-2">
        <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)} className="rounded border border-slate-400 px-2 py-1 disabled:opacity-50">
          Previous page
        </button>
        <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)} className="rounded border border-slate-400 px-2 py-1 disabled:opacity-50">
          Next page
        </button>
      </div>
    </nav>
  );
}
