import { GRANT_ROLES, type GrantRole, isGrantRole } from './types.js';
import { GRANT_ROLE_LABEL } from './words.js';

interface Props {
  value: GrantRole;
  onChange: (role: GrantRole) => void;
  /** When the select is not inside a label naming it. */
  ariaLabel?: string;
}

/** What a grant lets someone do with the document: can edit, comment or view. */
export function GrantRoleSelect({ value, onChange, ariaLabel }: Props) {
  return (
    <select aria-label={ariaLabel} value={value} onChange={(change) => isGrantRole(change.target.value) && onChange(change.target.value)}>
      {GRANT_ROLES.map((role) => (
        <option key={role} value={role}>
          {GRANT_ROLE_LABEL[role]}
        </option>
      ))}
    </select>
  );
}
