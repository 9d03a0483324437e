/**
 * A bar drawn as SVG: its width is an attribute, not an inline style, so the dashboard's
 * Content-Security-Policy needs no 'unsafe-inline' for styles.
 */
export function ProgressBar({ percent, label }: { percent: number | null; label: string }) {
  const shown = percent === null ? 0 : Math.max(0, Math.min(100, percent));
  return (
    <svg
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent === null ? undefined : Math.round(shown)}
      aria-valuetext={percent === null ? 'no measurement' : `${shown.toFixed(0)} %`}
      viewBox="0 0 100 6"
      preserveAspectRatio="none"
      className="h-2 w-full overflow-hidden rounded"
    >
      <rect width="100" height="6" className="fill-slate-200" />
      <rect width={shown} height="6" className={shown >= 100 ? 'fill-green-600' : 'fill-blue-600'} />
    </svg>
  );
}
