import { type FormEvent, useState } from 'react';
import { LimitedInput, LimitedTextarea, refuseInvalid } from '../components/Limited.js';
import { LIMITS } from '../limits.js';
import { REQUEST_PRIORITIES, REQUEST_TYPES, type Member, parseAttachments } from './types.js';

export interface RequestDraft {
  type: string;
  title: string;
  description: string;
  priority: string;
  assigneeId?: string;
  figmaUrl?: string;
  attachments: { url: string; title?: string }[];
}

const EMPTY = { type: 'design-change', title: '', description: '', priority: 'medium', assigneeId: '', figmaUrl: '', attachments: '' };

/** Raising a request: its type, what is asked, a Figma link and attachment links, who should do it. */
export function RequestForm({ members, onSubmit }: { members: Member[]; onSubmit: (draft: RequestDraft) => Promise<void> }) {
  const [form, setForm] = useState(EMPTY);
  const set = (field: keyof typeof EMPTY) => (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value });
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (refuseInvalid(event.currentTarget)) return;
    await onSubmit({
      type: form.type,
      title: form.title,
      description: form.description,
      priority: form.priority,
      ...(form.assigneeId ? { assigneeId: form.assigneeId } : {}),
      ...(form.figmaUrl.trim() ? { figmaUrl: form.figmaUrl.trim() } : {}),
      attachments: parseAttachments(form.attachments),
    });
    setForm(EMPTY);
  };
  return (
    <form className="card-form panel" data-testid="request-form" onSubmit={(event) => void submit(event).catch(() => undefined)}>
      <label>
        Type
        <select name="request-type" value={form.type} onChange={set('type')}>
          {REQUEST_TYPES.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </label>
      <LimitedInput label="Title" name="request-title" required limit={LIMITS.requestTitle} value={form.title} onChange={set('title')} />
      <LimitedTextarea label="Description" name="request-description" rows={4} limit={LIMITS.requestDescription} value={form.description} onChange={set('description')} />
      <LimitedInput label="Figma link" name="request-figma" type="url" placeholder="https://www.figma.com/design/…" limit={LIMITS.figmaUrl} value={form.figmaUrl} onChange={set('figmaUrl')} />
      <label>
        Attachment links, one per line (a title may follow the link)
        <textarea name="request-attachments" rows={2} placeholder="https://example.com/brief.pdf Brief" value={form.attachments} onChange={set('attachments')} />
      </label>
      <label>
        Priority
        <select name="request-priority" value={form.priority} onChange={set('priority')}>
          {REQUEST_PRIORITIES.map((value) => (
            <option key={value}>{value}</option>
          ))}
        </select>
      </label>
      <label>
        Assignee
        <select name="request-assignee" value={form.assigneeId} onChange={set('assigneeId')}>
          <option value="">Nobody yet</option>
          {members.map((member) => (
            <option key={member.userId} value={member.userId}>
              {member.name || member.email}
            </option>
          ))}
        </select>
      </label>
      <button className="button primary" type="submit">
        Raise request
      </button>
    </form>
  );
}
