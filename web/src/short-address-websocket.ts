import { AliasedFrames } from '../../documents/wire/aliased-frames.js';
import { PatientWebSocket } from './patient-websocket.js';

/**
 * The app's collab socket: names each document in full once per connection and by a short alias
 * afterwards (`documents/wire/address-aliases`), so a one-line edit downloads a few bytes of
 * address instead of the 80-character document name.
 */
export class ShortAddressWebSocket extends PatientWebSocket {
  private readonly frames = new AliasedFrames();

  override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    super.send(this.frames.outgoing(data));
  }

  override addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void {
    if (type !== 'message' || typeof listener !== 'function') return super.addEventListener(type, listener, options);
    super.addEventListener(type, this.frames.listening(listener as (event: MessageEvent) => void, (data) => new MessageEvent('message', { data })) as EventListener, options);
  }

  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void {
    if (type !== 'message' || typeof listener !== 'function') return super.removeEventListener(type, listener, options);
    super.removeEventListener(type, this.frames.registered(listener as (event: MessageEvent) => void) as EventListener, options);
  }
}
