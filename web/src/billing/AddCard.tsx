import { useEffect, useRef, useState } from 'react';
import { failureText } from '../components/failure-text.js';
import { billingApi } from './billing-api.js';
import type { CardSetup } from './types.js';

/**
 * Adding a card with Stripe Elements: the card number goes from this form straight to Stripe
 * (`confirmSetup`), never to our server, which then fetches the result from Stripe. Stripe.js
 * is loaded only here, only when the server has a publishable key.
 */
export function AddCard({ projectId, onAdded, onCancel }: { projectId: string; onAdded: () => void; onCancel: () => void }) {
  const mount = useRef<HTMLDivElement>(null);
  const [setup, setSetup] = useState<CardSetup | null>(null);
  const [confirm, setConfirm] = useState<(() => Promise<void>) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const started = await billingApi.startSetup(projectId);
        if (cancelled) return;
        setSetup(started);
        if (!started.publishableKey) return;
        // The "pure" entry loads js.stripe.com only when asked, here.
        const { loadStripe } = await import('@stripe/stripe-js/pure');
        const stripe = await loadStripe(started.publishableKey);
        if (!stripe || cancelled || !mount.current) return;
        const elements = stripe.elements({ clientSecret: started.clientSecret });
        elements.create('payment').mount(mount.current);
        setConfirm(() => async () => {
          const result = await stripe.confirmSetup({ elements, redirect: 'if_required' });
          if (result.error) throw new Error(result.error.message ?? 'Stripe refused the card.');
          await billingApi.confirmSetup(projectId, started.setupIntentId);
        });
      } catch (failure) {
        if (!cancelled) setError(failureText(failure, 'Adding a card is not possible right now'));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [projectId]);

  const save = async () => {
    if (!confirm) return;
    setBusy(true);
    try {
      await confirm();
      onAdded();
    } catch (failure) {
      setError(failureText(failure, 'The card was not added'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="add-card" data-testid="add-card">
      {setup && !setup.publishableKey && <p className="notice">Card entry needs the server's Stripe publishable key (STRIPE_PUBLISHABLE_KEY).</p>}
      <div ref={mount} className="card-element" />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p>
        <button type="button" className="button primary" disabled={!confirm || busy} onClick={() => void save()}>
          Save card
        </button>{' '}
        <button type="button" className="link" onClick={onCancel}>
          Cancel
        </button>
      </p>
    </div>
  );
}
