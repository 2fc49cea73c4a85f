/** One headline number and how it moved against the period before. */
export function Kpi({ label, now, before, testId }: { label: string; now: number; before: number; testId: string }) {
  const change = before === 0 ? null : Math.round(((now - before) / before) * 100);
  const direction = now > before ? 'up' : now < before ? 'down' : 'flat';
  return (
    <div className="kpi" data-testid={testId}>
      <span className="kpi-label">{label}</span>
      <strong className="kpi-value">{now.toLocaleString()}</strong>
      <span className={`kpi-change kpi-${direction}`}>{change === null ? (now > 0 ? 'new this period' : 'nothing yet') : `${change > 0 ? '+' : ''}${change}% vs the period before`}</span>
    </div>
  );
}
