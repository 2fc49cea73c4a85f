import type { Duplex } from 'node:stream';

/**
 * Holds sockets' writes until the event loop has run this round's callbacks and the promises they
 * started (`setImmediate`; a tick would end before Hocuspocus's promise chains even start), then
 * lets each held socket write what it gathered at once. Every frame written alone is a system call
 * (`writev`); held, a round's frames to one socket leave in one. One timer for every socket held
 * in a round: a broadcast holds hundreds. `writeHolder()(socket)` is that socket's hold.
 */
export function writeHolder(): (tcp: Duplex) => () => void {
  let held: (() => void)[] = [];
  const release = () => {
    const releasing = held;
    held = [];
    for (const uncork of releasing) uncork();
  };
  return (tcp) => {
    // A flag per socket, not a set lookup: a busy server asks once per frame, hundreds per broadcast.
    let holding = false;
    const uncork = () => {
      holding = false;
      tcp.uncork();
    };
    return () => {
      if (holding) return;
      holding = true;
      if (held.length === 0) setImmediate(release);
      held.push(uncork);
      tcp.cork();
    };
  };
}
