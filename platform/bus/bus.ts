/**
 * Messages between the processes of one deployment (api, collab and worker instances): what one
 * process's hub publishes (a notification, a vote's aggregate, "dashboards changed", an access
 * change), every other process hears and hands to its own hub, so pushes reach sockets wherever
 * they are connected. At most once: a process that misses messages (Redis down, a paused
 * subscriber) misses those pushes; what they announce is stored, and clients poll or reconnect.
 */
export interface Bus {
  publish(topic: string, payload: unknown): void;
  /** `handler` hears other processes' messages of `topic` (never this process's own). */
  subscribe(topic: string, handler: (payload: unknown) => void): () => void;
  close(): Promise<void>;
}

/**
 * Connects a process-local hub to the bus: what the hub emits locally is published, and what other
 * processes publish is emitted into the hub (and not published again). Hubs emit synchronously,
 * which is what lets one flag tell a relayed message from a local one.
 */
export function bridge<T>(bus: Bus, topic: string, hub: { subscribe(listener: (event: T) => void): () => void; emit(event: T): void }): { close(): void; relaying(): boolean } {
  let relaying = false;
  const offLocal = hub.subscribe((event) => {
    if (!relaying) bus.publish(topic, event);
  });
  const offBus = bus.subscribe(topic, (payload) => {
    relaying = true;
    try {
      hub.emit(payload as T);
    } finally {
      relaying = false;
    }
  });
  return {
    close() {
      offLocal();
      offBus();
    },
    /** True while another process's message is being handed to the hub's listeners (they may skip what its sender already did). */
    relaying: () => relaying,
  };
}
