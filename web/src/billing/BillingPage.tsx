import { useCallback, useEffect, useState } from 'react';
import { failureText } from '../components/failure-text.js';
import { useProject } from '../notifications/project-role.js';
import { href } from '../router.js';
import { billingApi } from './billing-api.js';
import { InvoiceList } from './InvoiceList.js';
import { InvoiceSettings } from './invoices/InvoiceSettings.js';
import { NewInvoice } from './invoices/NewInvoice.js';
import { PaymentMethods } from './PaymentMethods.js';
import { PlanPanel } from './PlanPanel.js';
import type { InvoiceView, PaymentMethodView, SubscriptionView } from './types.js';

/** `#/p/<id>/billing`, for owners and admins: saved cards, the plan, invoices to pay and download, new invoices and the invoice settings. */
export function BillingPage({ projectId }: { projectId: string }) {
  const { project, canManage } = useProject(projectId);
  const [methods, setMethods] = useState<PaymentMethodView[] | null>(null);
  const [publishableKey, setPublishableKey] = useState<string | null>(null);
  const [subscription, setSubscription] = useState<SubscriptionView | null>(null);
  const [invoices, setInvoices] = useState<InvoiceView[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [m, s] = await Promise.all([billingApi.methods(projectId), billingApi.subscription(projectId)]);
      setMethods(m.methods);
      setPublishableKey(m.publishableKey);
      setSubscription(s);
      setError(null);
    } catch (failure) {
      setError(failureText(failure, 'Billing could not be loaded'));
    }
    // Invoices come from their own API: a failure there leaves the rest usable.
    try {
      setInvoices(await billingApi.invoices(projectId));
    } catch {
      setInvoices([]);
    }
  }, [projectId]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="page billing-page" data-testid="billing-page">
      <p>
        <a href={href.project(projectId)}>← {project?.name ?? 'Project'}</a>
      </p>
      <h1>Billing</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {methods && <PaymentMethods projectId={projectId} methods={methods} onChanged={() => void load()} />}
      {subscription && <PlanPanel projectId={projectId} subscription={subscription} onChanged={setSubscription} />}
      <InvoiceList projectId={projectId} publishableKey={publishableKey} invoices={invoices} canPay={canManage && (methods?.some((m) => m.isDefault) ?? false)} onPaid={() => void load()} />
      {canManage && (
        <>
          <NewInvoice projectId={projectId} onCreated={() => void load()} />
          <details className="billing-settings">
            <summary>Invoice settings: who is billed, tax, branding, milestones</summary>
            <InvoiceSettings projectId={projectId} />
          </details>
        </>
      )}
    </section>
  );
}
