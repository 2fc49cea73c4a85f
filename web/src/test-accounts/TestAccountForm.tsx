import { type FormEvent, useState } from 'react';
import { LimitedInput, LimitedTextarea, refuseInvalid } from '../components/Limited.js';
import { LIMITS } from '../limits.js';
import { ENVIRONMENTS, type Environment, GRANTABLE_ROLES, type RevealRole, type TestAccount, type TestAccountDraft } from './types.js';

interface Props {
  initial?: TestAccount;
  /** Owners and admins choose who may reveal; editors see the choice but cannot change it. */
  canChooseRoles: boolean;
  onSubmit(draft: TestAccountDraft): Promise<void>;
  onCancel(): void;
}

/** Adds or edits an account. Secrets are write-only here: on edit, an empty field keeps what is stored. */
export function TestAccountForm({ initial, canChooseRoles, onSubmit, onCancel }: Props) {
  const editing = initial !== undefined;
  const [service, setService] = useState(initial?.service ?? '');
  const [username, setUsername] = useState(initial?.username ?? '');
  const [environment, setEnvironment] = useState<Environment>(initial?.environment ?? 'staging');
  const [password, setPassword] = useState('');
  const [totpSeed, setTotpSeed] = useState('');
  const [notes, setNotes] = useState('');
  const [days, setDays] = useState(initial?.rotationDays ? String(initial.rotationDays) : '');
  const [rotatorUrl, setRotatorUrl] = useState('');
  const [removeRotator, setRemoveRotator] = useState(false);
  const [roles, setRoles] = useState<Set<RevealRole>>(new Set(initial?.revealRoles ?? ['owner', 'admin']));
  const [busy, setBusy] = useState(false);
  const keep = (has: boolean | undefined) => (editing && has ? ' (leave empty to keep the stored one)' : '');

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (refuseInvalid(event.currentTarget)) return;
    setBusy(true);
    try {
      await onSubmit({
        service,
        username,
        environment,
        ...(password ? { password } : {}),
        ...(totpSeed ? { totpSeed } : {}),
        ...(notes ? { notes } : {}),
        ...(canChooseRoles ? { revealRoles: [...roles], rotationDays: days.trim() ? Number(days) : null } : {}),
        ...(canChooseRoles && rotatorUrl.trim() ? { rotatorUrl: rotatorUrl.trim() } : canChooseRoles && removeRotator ? { rotatorUrl: null } : {}),
      });
    } catch {
      // Refused: the page says why, and the form stays as typed to be corrected.
    } finally {
      setBusy(false);
    }
  };
  const toggle = (role: RevealRole) => setRoles((current) => new Set(current.has(role) ? [...current].filter((r) => r !== role) : [...current, role]));

  return (
    <form className="card-form panel test-account-form" data-testid="test-account-form" onSubmit={(event) => void submit(event)}>
      <LimitedInput label="Service" name="test-account-service" required limit={LIMITS.testAccountService} value={service} onChange={(e) => setService(e.target.value)} placeholder="Stripe dashboard" />
      <LimitedInput label="Username" name="test-account-username" required autoComplete="off" limit={LIMITS.testAccountUsername} value={username} onChange={(e) => setUsername(e.target.value)} placeholder="qa@example.com" />
      <label>
        Environment
        <select name="test-account-environment" value={environment} onChange={(e) => setEnvironment(e.target.value as Environment)}>
          {ENVIRONMENTS.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </label>
      <LimitedInput label={`Password${keep(initial?.hasPassword)}`} name="test-account-password" type="password" autoComplete="new-password" limit={LIMITS.testAccountPassword} value={password} onChange={(e) => setPassword(e.target.value)} />
      <LimitedInput label={`TOTP seed, base32${keep(initial?.hasTotp)}`} name="test-account-totp" autoComplete="off" spellCheck={false} limit={LIMITS.testAccountTotpSeed} value={totpSeed} onChange={(e) => setTotpSeed(e.target.value)} placeholder="JBSW Y3DP EHPK 3PXP" />
      <LimitedTextarea label={`Notes${keep(initial?.hasNotes)}`} name="test-account-notes" rows={3} limit={LIMITS.testAccountNotes} value={notes} onChange={(e) => setNotes(e.target.value)} />
      <fieldset className="reveal-roles">
        <legend>Who may reveal the secrets</legend>
        <label className="check">
          <input type="checkbox" checked disabled /> owners (always)
        </label>
        {GRANTABLE_ROLES.map((role) => (
          <label key={role} className="check">
            <input type="checkbox" name={`reveal-${role}`} checked={roles.has(role)} disabled={!canChooseRoles} onChange={() => toggle(role)} /> {role}s
          </label>
        ))}
        {!canChooseRoles && <p className="muted small">Owners and admins choose who may reveal.</p>}
      </fieldset>
      {canChooseRoles && (
        <fieldset className="rotation-policy">
          <legend>Rotation</legend>
          <label>
            Rotate the password every … days (empty: never)
            <input name="test-account-rotation-days" type="number" min={1} max={365} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
          </label>
          <LimitedInput
            label={`Rotator webhook, called for a new password (optional${editing && initial?.hasRotator ? '; leave empty to keep the stored one' : '; without one, those who may reveal are reminded'})`}
            name="test-account-rotator"
            type="url"
            autoComplete="off"
            limit={LIMITS.testAccountRotatorUrl}
            value={rotatorUrl}
            onChange={(e) => setRotatorUrl(e.target.value)}
            placeholder="https://rotator.example.com/hooks/stripe"
          />
          {editing && initial?.hasRotator && (
            <label className="check">
              <input type="checkbox" name="remove-rotator" checked={removeRotator} onChange={(e) => setRemoveRotator(e.target.checked)} /> Remove the rotator (remind instead)
            </label>
          )}
        </fieldset>
      )}
      <div className="inline-form">
        <button className="button primary" type="submit" disabled={busy}>
          {editing ? 'Save' : 'Add account'}
        </button>
        <button className="button" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
