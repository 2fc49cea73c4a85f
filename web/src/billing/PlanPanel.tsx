import { useState } from 'react';
import { failureText } from '../components/failure-text.js';
import { billingApi } from './billing-api.js';
import type { SubscriptionView } from './types.js';

const limitText = (plan: { seats: number | null; storageBytes: number | null }) =>
  `${plan.seats === null ? 'any number of' : plan.seats} members, ${plan.storageBytes === null ? 'the standard' : `${Math.round(plan.storageBytes / 1024 ** 3) || '<1'} GiB of`} files`;

/** The project's plan: what it allows, a change to another paid plan, cancellation at the end of the period. */
export function PlanPanel({ projectId, subscription, onChanged }: { projectId: string; subscription: SubscriptionView; onChanged: (next: SubscriptionView) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<SubscriptionView>) => {
    setBusy(true);
    try {
      onChanged(await action());
      setError(null);
    } catch (failure) {
      setError(failureText(failure, 'The plan did not change'));
    } finally {
      setBusy(false);
    }
  };
  const paid = subscription.plans.find((p) => p.name === subscription.plan)?.paid ?? false;
  const running = paid && subscription.status !== 'canceled';
  return (
    <section className="billing-section" aria-labelledby="billing-plan">
      <h2 id="billing-plan">Plan</h2>
      <p data-testid="current-plan">
        <strong>{subscription.plan}</strong> ({subscription.status})
        {subscription.cancelAtPeriodEnd && subscription.currentPeriodEnd && <> · ends {new Date(subscription.currentPeriodEnd).toLocaleDateString()}</>}
      </p>
      <ul className="billing-list">
        {subscription.plans.map((plan) => (
          <li key={plan.name}>
            <span>
              <strong>{plan.name}</strong>: {limitText(plan)}
            </span>
            {plan.paid && plan.name !== subscription.plan && (
              <button type="button" className="button small" disabled={busy} onClick={() => void run(() => billingApi.changePlan(projectId, plan.name))}>
                Switch to {plan.name}
              </button>
            )}
          </li>
        ))}
      </ul>
      {running && !subscription.cancelAtPeriodEnd && (
        <button type="button" className="button small danger" disabled={busy} onClick={() => void run(() => billingApi.cancelPlan(projectId))}>
          Cancel at period end
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
