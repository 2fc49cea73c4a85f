import { z } from 'zod';
import type { BillingAccountView } from '../../operations/billing/invoices/billing-account-view.js';
import { STAGES } from '../../documents/pipeline/schema.js';
import { userText } from '../text.js';
import { amountMinor, currency } from './invoice-schemas.js';

const optionalText = (max: number) => userText().trim().max(max, `must be at most ${max} characters`).nullable().default(null);

/** The whole of a project's billing settings (PUT replaces them; omitted fields become empty). */
export const billingAccountBody = z
  .object({
    projectId: z.string().max(100),
    legalName: optionalText(200),
    email: z.email('must be an email address').max(254).nullable().default(null),
    address: optionalText(1_000),
    country: z
      .string()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as DE')
      .nullable()
      .default(null),
    taxId: userText()
      .trim()
      .max(32, 'must be at most 32 characters')
      .regex(/^[A-Za-z0-9][A-Za-z0-9 .-]*$/, 'letters, digits, spaces, dots and dashes')
      .nullable()
      .default(null),
    currency: currency.default('eur'),
    logoAssetId: z.uuid('must be an asset id').nullable().default(null),
    brandColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #2f5bea')
      .nullable()
      .default(null),
    invoicePrefix: z
      .string()
      .regex(/^[A-Z0-9][A-Z0-9-]{0,11}$/, 'upper-case letters, digits and dashes, at most 12')
      .default('INV'),
    milestoneStage: z.enum(STAGES, { error: `must be one of ${STAGES.join(', ')}` }).nullable().default(null),
    milestoneAmountMinor: amountMinor.nullable().default(null),
  })
  .strict();

export const billingAccountQuery = z.object({ projectId: z.string().max(100) });

export const billingAccountResponse = z.object({
  projectId: z.uuid(),
  legalName: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  country: z.string().nullable(),
  taxId: z.string().nullable(),
  currency: z.string(),
  logoAssetId: z.uuid().nullable(),
  brandColor: z.string().nullable(),
  invoicePrefix: z.string(),
  milestoneStage: z.string().nullable(),
  milestoneAmountMinor: z.number().int().nullable(),
  updatedAt: z.iso.datetime(),
});

export function presentBillingAccount(view: BillingAccountView): z.output<typeof billingAccountResponse> {
  return view;
}
