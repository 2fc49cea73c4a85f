/**
 * A WebSocket that, asked to close while still connecting, waits until it has opened and closes
 * then. Closing a connecting socket is legal, but Chromium reports it as a failed connection in
 * the console ("closed before the connection is established"), which is what leaving a document
 * quickly did. The provider has already let go of the socket by then, so nothing reads it.
 */
export class PatientWebSocket extends WebSocket {
  override close(code?: number, reason?: string): void {
    if (this.readyState !== WebSocket.CONNECTING) return super.close(code, reason);
    const closeOnOpen = () => super.close(code, reason);
    this.addEventListener('open', closeOnOpen, { once: true });
  }
}
