import { type GoalMeasure, goalProgressView } from '../lib/goals';
import { ProgressBar } from './progress-bar';

export function GoalRow({ goal, title, subtitle }: { goal: GoalMeasure; title: string; subtitle?: string | undefined }) {
  const view = goalProgressView(goal);
  return (
    <div className="space-y-1" data-testid="goal">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-medium">{title}</span>
        <span className="text-sm text-slate-700">{view.percent === null ? '—' : `${view.percent} %`}</span>
      </div>
      <ProgressBar percent={view.percent} label={`${title} progress`} />
      <p className="text-xs text-slate-600">
        {view.current} · {view.target}
        {view.direction === 'decrease' ? ' (lower is better)' : ''}
        {subtitle ? ` · ${subtitle}` : ''}
      </p>
    </div>
  );
}
