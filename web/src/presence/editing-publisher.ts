import type { EditingMark, EditingMode } from './editing-state.js';

/**
 * Holds what this person has open and sends it only when it changes: typing, moving between the
 * fields of one card or re-renders never send an awareness update, opening another card does.
 */
export class EditingPublisher {
  private id: string | null = null;
  private mode: EditingMode = 'view';
  // Nothing sent yet means "not editing" to everyone, as a null would.
  private sent = JSON.stringify(null);

  constructor(private readonly send: (mark: EditingMark | null) => void) {}

  /** The item now open (null: none). */
  setEditing(id: string | null): void {
    this.id = id;
    this.flush();
  }

  /** The access the server granted: a viewer's open card is "viewing", and a promotion or demotion says so again. */
  setReadOnly(readOnly: boolean): void {
    this.mode = readOnly ? 'view' : 'edit';
    this.flush();
  }

  private flush(): void {
    const mark: EditingMark | null = this.id === null ? null : { id: this.id, mode: this.mode };
    const key = JSON.stringify(mark);
    if (key === this.sent) return;
    this.sent = key;
    this.send(mark);
  }
}
