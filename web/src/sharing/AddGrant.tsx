import { useState } from 'react';
import type { ProjectMember } from '../members.js';
import { type DraftGrant, GRANT_ROLES, type GrantRole, MAX_GRANTS, subjectKey } from './types.js';
import { ROLE_GROUP_LABEL } from './words.js';
import { GrantRoleSelect } from './GrantRoleSelect.js';

/** Owners and admins keep full access whatever a grant says: granting them would change nothing. */
const KEEPS_FULL_ACCESS = new Set(['owner', 'admin']);

const memberLabel = (member: ProjectMember) => (member.name ? `${member.name} (${member.email})` : member.email);

/** A member or a whole project role, each choice `user:<id>` or `role:<role>`; those granted already are left out. */
function choices(members: ProjectMember[], granted: ReadonlySet<string>): { people: DraftGrant[]; roles: DraftGrant[] } {
  const people = members
    .filter((member) => !KEEPS_FULL_ACCESS.has(member.role))
    .map((member): DraftGrant => ({ subject: { userId: member.userId }, role: 'viewer', label: memberLabel(member), guest: false }))
    .filter((grant) => !granted.has(subjectKey(grant.subject)));
  const roles = GRANT_ROLES.map((role): DraftGrant => ({ subject: { projectRole: role }, role: 'viewer', label: ROLE_GROUP_LABEL[role], guest: false })).filter((grant) => !granted.has(subjectKey(grant.subject)));
  return { people, roles };
}

/** Adds a grant: who (a member or every member of a role) and what they may do with this document. */
export function AddGrant({ members, grants, onAdd }: { members: ProjectMember[]; grants: DraftGrant[]; onAdd: (grant: DraftGrant) => void }) {
  const [who, setWho] = useState('');
  const [role, setRole] = useState<GrantRole>('editor');
  const { people, roles } = choices(members, new Set(grants.map((grant) => subjectKey(grant.subject))));
  const chosen = [...people, ...roles].find((grant) => subjectKey(grant.subject) === who);
  const full = grants.length >= MAX_GRANTS;
  const add = () => {
    if (!chosen || full) return;
    onAdd({ ...chosen, role });
    setWho('');
  };
  return (
    <div className="share-add" data-testid="share-add">
      <label>
        Grant access to
        <select value={chosen ? who : ''} onChange={(change) => setWho(change.target.value)}>
          <option value="">Choose a member or a role…</option>
          {people.length > 0 && (
            <optgroup label="Members">
              {people.map((grant) => (
                <option key={subjectKey(grant.subject)} value={subjectKey(grant.subject)}>
                  {grant.label}
                </option>
              ))}
            </optgroup>
          )}
          {roles.length > 0 && (
            <optgroup label="Everyone with a project role">
              {roles.map((grant) => (
                <option key={subjectKey(grant.subject)} value={subjectKey(grant.subject)}>
                  {grant.label}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      <label>
        Access
        <GrantRoleSelect value={role} onChange={setRole} />
      </label>
      <button type="button" className="button" disabled={!chosen || full} onClick={add}>
        Add
      </button>
      {full && <p className="muted small">At most {MAX_GRANTS} grants: grant a project role instead of more people.</p>}
    </div>
  );
}
