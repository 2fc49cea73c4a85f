import { type FormEvent, useEffect, useState } from 'react';
import { STAGES } from '../../../../documents/pipeline/schema.js';
import { RequestFailed, api } from '../../api.js';
import type { AssetView } from '../../assets/types.js';
import { minorToText, parseMinor } from './money.js';
import { type BillingAccount, CURRENCIES } from './types.js';

/** Logos a PDF can embed: PNG and JPEG files of the project. */
const LOGO_TYPES = new Set(['image/png', 'image/jpeg']);

interface Draft {
  legalName: string;
  email: string;
  address: string;
  country: string;
  taxId: string;
  currency: string;
  logoAssetId: string;
  brandColor: string;
  invoicePrefix: string;
  milestoneStage: string;
  milestoneAmount: string;
}

function draftOf(account: BillingAccount): Draft {
  return {
    legalName: account.legalName ?? '',
    email: account.email ?? '',
    address: account.address ?? '',
    country: account.country ?? '',
    taxId: account.taxId ?? '',
    currency: account.currency,
    logoAssetId: account.logoAssetId ?? '',
    brandColor: account.brandColor ?? '#2f5bea',
    invoicePrefix: account.invoicePrefix,
    milestoneStage: account.milestoneStage ?? '',
    milestoneAmount: account.milestoneAmountMinor === null ? '' : minorToText(account.milestoneAmountMinor, account.currency),
  };
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

/** The project's billing settings: who is billed, tax country and id, currency, branding and milestone billing. Owners and admins. */
export function InvoiceSettings({ projectId }: { projectId: string }) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [logos, setLogos] = useState<AssetView[]>([]);
  const [message, setMessage] = useState<{ kind: 'error' | 'saved'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setDraft(null);
    void (async () => {
      try {
        const [account, assets] = await Promise.all([
          api<BillingAccount>('GET', `/api/billing/account?projectId=${encodeURIComponent(projectId)}`),
          api<AssetView[]>('GET', `/api/projects/${encodeURIComponent(projectId)}/assets?limit=100`),
        ]);
        if (!live) return;
        setDraft(draftOf(account.data));
        setLogos(assets.data.filter((asset) => asset.type !== null && LOGO_TYPES.has(asset.type) && asset.status !== 'failed'));
      } catch (error) {
        if (live) setMessage({ kind: 'error', text: error instanceof Error ? error.message : 'Could not load the billing settings.' });
      }
    })();
    return () => {
      live = false;
    };
  }, [projectId]);

  if (!draft) return <p className="muted">{message?.text ?? 'Loading billing settings…'}</p>;
  const set = (field: keyof Draft) => (event: { target: { value: string } }) => setDraft({ ...draft, [field]: event.target.value });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const milestoneAmountMinor = draft.milestoneAmount.trim() === '' ? null : parseMinor(draft.milestoneAmount, draft.currency);
    if (draft.milestoneAmount.trim() !== '' && milestoneAmountMinor === null) {
      setMessage({ kind: 'error', text: 'The milestone amount must be a positive amount, e.g. 500.00.' });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const saved = await api<BillingAccount>('PUT', '/api/billing/account', {
        projectId,
        legalName: orNull(draft.legalName),
        email: orNull(draft.email),
        address: orNull(draft.address),
        country: orNull(draft.country.toUpperCase()),
        taxId: orNull(draft.taxId),
        currency: draft.currency,
        logoAssetId: orNull(draft.logoAssetId),
        brandColor: orNull(draft.brandColor),
        invoicePrefix: draft.invoicePrefix.trim() || 'INV',
        milestoneStage: orNull(draft.milestoneStage),
        milestoneAmountMinor,
      });
      setDraft(draftOf(saved.data));
      setMessage({ kind: 'saved', text: 'Saved.' });
    } catch (error) {
      setMessage({ kind: 'error', text: error instanceof RequestFailed || error instanceof Error ? error.message : 'Could not save.' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card-form panel invoice-settings" data-testid="invoice-settings" onSubmit={(event) => void submit(event)}>
      <h3>Invoice settings</h3>
      <fieldset className="invoice-settings-group">
        <legend>Bill to</legend>
        <label>
          Legal name
          <input name="legal-name" maxLength={200} value={draft.legalName} onChange={set('legalName')} />
        </label>
        <label>
          Billing email
          <input name="billing-email" type="email" maxLength={254} value={draft.email} onChange={set('email')} />
        </label>
        <label>
          Address (as printed)
          <textarea name="billing-address" rows={3} maxLength={1000} value={draft.address} onChange={set('address')} />
        </label>
        <div className="invoice-settings-row">
          <label>
            Country
            <input name="billing-country" maxLength={2} pattern="[A-Za-z]{2}" placeholder="DE" value={draft.country} onChange={set('country')} />
          </label>
          <label>
            VAT / tax id
            <input name="billing-tax-id" maxLength={32} value={draft.taxId} onChange={set('taxId')} />
          </label>
          <label>
            Currency
            <select name="billing-currency" value={draft.currency} onChange={set('currency')}>
              {CURRENCIES.map((code) => (
                <option key={code} value={code}>
                  {code.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
        </div>
      </fieldset>
      <fieldset className="invoice-settings-group">
        <legend>Branding</legend>
        <div className="invoice-settings-row">
          <label>
            Logo
            <select name="billing-logo" value={draft.logoAssetId} onChange={set('logoAssetId')}>
              <option value="">No logo</option>
              {logos.map((asset) => (
                <option key={asset.id} value={asset.id}>
                  {asset.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Accent colour
            <input name="billing-brand-color" type="color" value={draft.brandColor} onChange={set('brandColor')} />
          </label>
          <label>
            Number prefix
            <input name="billing-prefix" maxLength={12} pattern="[A-Z0-9][A-Z0-9\-]*" value={draft.invoicePrefix} onChange={set('invoicePrefix')} />
          </label>
        </div>
      </fieldset>
      <fieldset className="invoice-settings-group">
        <legend>Milestone billing</legend>
        <p className="muted small">When a pipeline item reaches this stage, an invoice for this amount is issued once.</p>
        <div className="invoice-settings-row">
          <label>
            Stage
            <select name="billing-milestone-stage" value={draft.milestoneStage} onChange={set('milestoneStage')}>
              <option value="">Off</option>
              {STAGES.map((stage) => (
                <option key={stage} value={stage}>
                  {stage}
                </option>
              ))}
            </select>
          </label>
          <label>
            Amount ({draft.currency.toUpperCase()})
            <input name="billing-milestone-amount" inputMode="decimal" placeholder="500.00" value={draft.milestoneAmount} onChange={set('milestoneAmount')} />
          </label>
        </div>
      </fieldset>
      {message && (
        <p className={message.kind === 'error' ? 'error' : 'muted'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <div className="invoice-form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}
