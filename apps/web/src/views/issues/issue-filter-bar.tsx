import { type FormEvent, type ReactNode, type RefObject, useState } from 'react';
import { ISSUE_STATUSES, ISSUE_TYPES, PRIORITIES, PRIORITY_LABEL, STATUS_LABEL } from '../../lib/api-types';
import { ISSUE_SORTS, type IssueFilters, type IssueSort } from '../../lib/issue-filters';
import { useLabels, useProjects } from '../../lib/lookups';

/** Every status that is not closed, in the order the API's parser keeps them. */
const OPEN = 'triage,backlog,todo,in_progress';

const SORT_LABEL: Record<IssueSort, string> = {
  '-createdAt': 'Newest',
  createdAt: 'Oldest',
  '-updatedAt': 'Recently updated',
  updatedAt: 'Least recently updated',
  priority: 'Priority (none first)',
  '-priority': 'Priority (low first)',
  number: 'Number ascending',
  '-number': 'Number descending',
};

interface Props {
  filters: IssueFilters;
  onChange: (change: Partial<Omit<IssueFilters, 'page'>>) => void;
  searchRef: RefObject<HTMLInputElement | null>;
}

interface SelectProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
  /** The values the options offer; a URL may hold another combination (e.g. two statuses). */
  offered?: string[];
}

function Select({ label, value, onChange, children, offered }: SelectProps) {
  const custom = offered && value && !offered.includes(value);
  return (
    <label className="flex flex-col text-xs font-medium text-slate-700">
      {label}
      <select
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className="mt-1 rounded border border-slate-400 bg-white px-2 py-1 text-sm font-normal text-slate-900"
      >
        {custom && <option value={value}>{value.split(',').join(', ')}</option>}
        {children}
      </select>
    </label>
  );
}

export function IssueFilterBar({ filters, onChange, searchRef }: Props) {
  const projects = useProjects();
  const labels = useLabels();
  const [q, setQ] = useState(filters.q ?? '');
  const [shownQ, setShownQ] = useState(filters.q);
  // The URL can change under the box (back button, a shared link): the box follows it.
  if (shownQ !== filters.q) {
    setShownQ(filters.q);
    setQ(filters.q ?? '');
  }

  function search(event: FormEvent) {
    event.preventDefault();
    onChange({ q: q.trim() || null });
  }

  return (
    <div className="mb-4 flex flex-wrap items-end gap-3" data-testid="issue-filters">
      <form role="search" onSubmit={search} className="flex flex-col text-xs font-medium text-slate-700">
        <label htmlFor="issue-search">Search (press /)</label>
        <input
          id="issue-search"
          ref={searchRef}
          type="search"
          value={q}
          onChange={(event) => setQ(event.target.value)}
          placeholder="Words in title or description"
          className="mt-1 w-56 rounded border border-slate-400 px-2 py-1 text-sm font-normal text-slate-900"
        />
      </form>
      <Select label="Status" offered={['', OPEN, ...ISSUE_STATUSES]} value={filters.status.join(',')} onChange={(value) => onChange({ status: value ? (value.split(',') as IssueFilters['status']) : [] })}>
        <option value="">Any</option>
        <option value={OPEN}>Open</option>
        {ISSUE_STATUSES.map((status) => (
          <option key={status} value={status}>
            {STATUS_LABEL[status]}
          </option>
        ))}
      </Select>
      <Select label="Type" offered={['', ...ISSUE_TYPES]} value={filters.type.join(',')} onChange={(value) => onChange({ type: value ? (value.split(',') as IssueFilters['type']) : [] })}>
        <option value="">Any</option>
        {ISSUE_TYPES.map((type) => (
          <option key={type} value={type}>
            {type}
          </option>
        ))}
      </Select>
      <Select label="Priority" offered={['', ...PRIORITIES.map(String)]} value={filters.priority.join(',')} onChange={(value) => onChange({ priority: value ? value.split(',').map(Number) : [] })}>
        <option value="">Any</option>
        {PRIORITIES.map((priority) => (
          <option key={priority} value={priority}>
            {PRIORITY_LABEL[priority]}
          </option>
        ))}
      </Select>
      <Select label="Project" value={filters.project ?? ''} onChange={(value) => onChange({ project: value || null })}>
        <option value="">Any</option>
        {projects.data?.data.map((project) => (
          <option key={project.id} value={project.id}>
            {project.name}
          </option>
        ))}
      </Select>
      <Select label="Label" value={filters.label ?? ''} onChange={(value) => onChange({ label: value || null })}>
        <option value="">Any</option>
        {labels.data?.data.map((label) => (
          <option key={label.id} value={label.id}>
            {label.name}
          </option>
        ))}
      </Select>
      <Select label="Sort" value={filters.sort} onChange={(value) => onChange({ sort: value as IssueSort })}>
        {ISSUE_SORTS.map((sort) => (
          <option key={sort} value={sort}>
            {SORT_LABEL[sort]}
          </option>
        ))}
      </Select>
    </div>
  );
}
