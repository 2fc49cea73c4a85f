import WebSocket from 'ws';
import { AliasedFrames } from '../../documents/wire/aliased-frames.js';

type Listener = (event: WebSocket.MessageEvent) => void;
type EventListenerOf<K extends keyof WebSocket.WebSocketEventMap> = ((event: WebSocket.WebSocketEventMap[K]) => void) | { handleEvent(event: WebSocket.WebSocketEventMap[K]): void };

/**
 * A Node WebSocket that speaks in address aliases as the web app's socket does
 * (`web/src/short-address-websocket.ts`): for tests and the benchmark.
 */
export class ShortAddressNodeSocket extends WebSocket {
  private readonly frames = new AliasedFrames();

  override send(data: Parameters<WebSocket['send']>[0], ...rest: unknown[]): void {
    (super.send as (...args: unknown[]) => void)(this.frames.outgoing(data), ...rest);
  }

  override addEventListener<K extends keyof WebSocket.WebSocketEventMap>(type: K, listener: EventListenerOf<K>, options?: WebSocket.EventListenerOptions): void {
    super.addEventListener(type, type === 'message' && typeof listener === 'function' ? (this.frames.listening(listener as Listener, (data) => ({ data, type: 'message', target: this }) as WebSocket.MessageEvent) as EventListenerOf<K>) : listener, options);
  }

  override removeEventListener<K extends keyof WebSocket.WebSocketEventMap>(type: K, listener: EventListenerOf<K>): void {
    super.removeEventListener(type, type === 'message' && typeof listener === 'function' ? (this.frames.registered(listener as Listener) as EventListenerOf<K>) : listener);
  }
}
