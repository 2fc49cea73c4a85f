import type { Duplex } from 'node:stream';

/**
 * Holds sockets' writes until the event loop has run this round's callbacks and the promises they
 * started (`setImmediate`; a tick would end before Hocuspocus's promise chains even start), then
 * lets each held socket write what it gathered at once. Every frame written alone is a system call
 * (`writev`); held, a round's frames to one socket leave in one. One timer for every socket held
 * in a round: a broadcast holds hundreds.
 */
export function writeHolder(): (tcp: Duplex) => void {
  const held = new Set<Duplex>();
  const release = () => {
    for (const tcp of held) tcp.uncork();
    held.clear();
  };
  return (tcp) => {
    if (held.has(tcp)) return;
    if (held.size === 0) setImmediate(release);
    held.add(tcp);
    tcp.cork();
  };
}
