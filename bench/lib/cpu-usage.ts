import fs from 'node:fs';

/** This process's CPU since `before` (user + system), as a percentage of one core over `wallMs`. */
export function cpuPercent(before: NodeJS.CpuUsage, wallMs: number): number {
  const used = process.cpuUsage(before);
  return ((used.user + used.system) / 1000 / wallMs) * 100;
}

/** CPU seconds another process has used (user + system), from /proc; NaN where there is none. */
export function processCpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
