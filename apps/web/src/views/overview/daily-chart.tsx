import type { DashboardStats } from '../../lib/api-types';

type Day = DashboardStats['lastSevenDays']['daily'][number];

const HEIGHT = 80;
const SLOT = 40;

/** Claims and completions per day as paired bars; the numbers are in a table for screen readers. */
export function DailyChart({ days }: { days: Day[] }) {
  const max = Math.max(1, ...days.flatMap((day) => [day.claims, day.completions]));
  const scale = (value: number) => (value / max) * HEIGHT;
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${days.length * SLOT} ${HEIGHT + 16}`} className="h-32 w-full" aria-hidden="true" data-testid="daily-chart">
        {days.map((day, index) => {
          const x = index * SLOT;
          return (
            <g key={day.date}>
              <rect x={x + 8} y={HEIGHT - scale(day.claims)} width="11" height={scale(day.claims)} className="fill-blue-600" />
              <rect x={x + 21} y={HEIGHT - scale(day.completions)} width="11" height={scale(day.completions)} className="fill-green-600" />
              <text x={x + SLOT / 2} y={HEIGHT + 12} textAnchor="middle" className="fill-slate-700 text-[8px]">
                {day.date.slice(5)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="flex gap-4 text-xs text-slate-700">
        <span className="flex items-center gap-1">
          <span className="inline-block h-2 w-2 bg-blue-600" aria-hidden="true" /> Claims
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-2 w-2 bg-green-600" aria-hidden="true" /> Completions
        </span>
      </figcaption>
      <table className="sr-only">
        <caption>Claims and completions per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Claims</th>
            <th scope="col">Completions</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.date}>
              <th scope="row">{day.date}</th>
              <td>{day.claims}</td>
              <td>{day.completions}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
