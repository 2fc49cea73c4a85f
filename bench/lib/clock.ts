/** Milliseconds since the epoch, sub-millisecond: comparable between generator processes (their clocks agree within ~0.05 ms). */
export const now = () => performance.timeOrigin + performance.now();

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
