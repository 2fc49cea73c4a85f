import type { ItemView } from '../../../documents/pipeline/pipeline.js';
import { usePipeline } from './context.js';

/**
 * Who an item is assigned to, picked from the project's members by name (stored as a user id).
 * Someone assigned who is no longer a member stays listed, so the value shown is the value held.
 */
export function AssigneePicker({ item, onPick }: { item: ItemView; onPick: (assigneeId: string | null) => void }) {
  const { members, nameOf, readOnly, guest } = usePipeline();
  const options = members.map((member) => ({ userId: member.userId, name: member.name || member.email, email: member.email }));
  const current = item.assigneeId;
  if (current && !options.some((option) => option.userId === current)) options.push({ userId: current, name: nameOf(current), email: '' });
  const taken = new Map<string, number>();
  for (const option of options) taken.set(option.name, (taken.get(option.name) ?? 0) + 1);
  // Two people of one name are told apart by their email.
  const labelOf = (option: (typeof options)[number]) => ((taken.get(option.name) ?? 0) > 1 && option.email && option.email !== option.name ? `${option.name} (${option.email})` : option.name);

  return (
    <div className="field-group">
      <label>
        Assignee
        <select name="item-assignee" disabled={readOnly || guest} value={current ?? ''} onChange={(event) => onPick(event.target.value || null)}>
          <option value="">Nobody yet</option>
          {options.map((option) => (
            <option key={option.userId} value={option.userId}>
              {labelOf(option)}
            </option>
          ))}
        </select>
      </label>
      {guest ? <p className="muted small">Project members assign items.</p> : members.length === 0 && <p className="muted small">The project’s members appear here once they have loaded.</p>}
    </div>
  );
}
