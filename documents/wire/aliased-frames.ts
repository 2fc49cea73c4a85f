import { ClientAddressAliases } from './address-aliases.js';

type MessageListener<E> = (event: E) => void;

/**
 * What a client's WebSocket class needs to speak in address aliases (see `address-aliases`): it
 * passes what the provider sends through `outgoing`, and registers the provider's message
 * listeners through `listening`, which hands each listener the frame under its full address.
 * One per WebSocket object, so a reconnect (a new object) starts a fresh table, as the server's does.
 */
export class AliasedFrames {
  private readonly aliases = new ClientAddressAliases();
  private readonly wrapped = new WeakMap<object, MessageListener<never>>();

  outgoing<T>(data: T): T | Uint8Array {
    return data instanceof Uint8Array ? this.aliases.outbound(data) : data;
  }

  /** The listener to register for `listener`; `rebuild` makes an event of the platform's kind around expanded bytes. */
  listening<E extends { data: unknown }>(listener: MessageListener<E>, rebuild: (data: ArrayBuffer) => E): MessageListener<E> {
    const known = this.wrapped.get(listener) as MessageListener<E> | undefined;
    if (known) return known;
    const wrapper: MessageListener<E> = (event) => {
      const bytes = event.data instanceof ArrayBuffer ? new Uint8Array(event.data) : event.data instanceof Uint8Array ? event.data : undefined;
      const expanded = bytes && this.aliases.inbound(bytes);
      if (!expanded || expanded === bytes) return listener(event);
      listener(rebuild(expanded.buffer.slice(expanded.byteOffset, expanded.byteOffset + expanded.byteLength) as ArrayBuffer));
    };
    this.wrapped.set(listener, wrapper);
    return wrapper;
  }

  /** The listener registered for `listener`, to remove it. */
  registered<E>(listener: MessageListener<E>): MessageListener<E> {
    return (this.wrapped.get(listener) as MessageListener<E> | undefined) ?? listener;
  }
}
