import { useState } from 'react';
import { failureText } from '../components/failure-text.js';
import { AddCard } from './AddCard.js';
import { billingApi } from './billing-api.js';
import type { PaymentMethodView } from './types.js';

const cardText = (m: PaymentMethodView) => `${(m.brand ?? 'Card').replace(/^./, (c) => c.toUpperCase())} ending ${m.last4 ?? '????'}${m.expMonth && m.expYear ? `, expires ${String(m.expMonth).padStart(2, '0')}/${m.expYear}` : ''}`;

/** The saved cards: which is the default, make another the default, remove one, add one. */
export function PaymentMethods({ projectId, methods, onChanged }: { projectId: string; methods: PaymentMethodView[]; onChanged: () => void }) {
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>, what: string) => {
    try {
      await action();
      setError(null);
      onChanged();
    } catch (failure) {
      setError(failureText(failure, what));
    }
  };
  return (
    <section className="billing-section" aria-labelledby="billing-methods">
      <h2 id="billing-methods">Payment methods</h2>
      {methods.length === 0 && <p className="empty-state" data-testid="no-methods">No card saved yet.</p>}
      <ul className="billing-list" data-testid="payment-methods">
        {methods.map((m) => (
          <li key={m.id} data-testid="payment-method">
            <span>{cardText(m)}</span>
            {m.isDefault ? (
              <span className="badge">Default</span>
            ) : (
              <button type="button" className="link" onClick={() => void run(() => billingApi.makeDefault(projectId, m.id), 'The default did not change')}>
                Make default
              </button>
            )}
            <button type="button" className="link danger" aria-label={`Remove ${cardText(m)}`} onClick={() => void run(() => billingApi.remove(projectId, m.id), 'The card was not removed')}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {adding ? (
        <AddCard projectId={projectId} onAdded={() => (setAdding(false), onChanged())} onCancel={() => setAdding(false)} />
      ) : (
        <button type="button" className="button" data-testid="add-card-button" onClick={() => setAdding(true)}>
          Add card
        </button>
      )}
    </section>
  );
}
