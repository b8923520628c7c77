import type { ProviderDetail } from '../../../../shared/api/contract/reference';
import type { ProviderInput } from '../../../../shared/reference/provider';
import type { AccountHolder, AccountType, PaymentMethod, ProviderType } from '../../../../shared/domain/words';

// The provider form's state: text as typed (selects hold '' for "none"). It becomes the
// providers-save arguments only through the shared providerInput schema.

export interface ProviderForm {
  name: string;
  licenseNumber: string;
  type: ProviderType | '';
  taxId: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  state: string;
  postalCode: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  payorId: number | '';
  paymentMethod: PaymentMethod;
  routingNumber: string;
  accountNumber: string;
  accountType: AccountType | '';
  accountHolder: AccountHolder | '';
  active: boolean;
}

export const BLANK_PROVIDER: ProviderForm = {
  name: '',
  licenseNumber: '',
  type: '',
  taxId: '',
  addressLine1: '',
  addressLine2: '',
  city: '',
  state: '',
  postalCode: '',
  contactName: '',
  contactEmail: '',
  contactPhone: '',
  payorId: '',
  paymentMethod: 'ach',
  routingNumber: '',
  accountNumber: '',
  accountType: '',
  accountHolder: '',
  active: true,
};

export function formFromDetail(p: ProviderDetail): ProviderForm {
  return {
    name: p.name,
    licenseNumber: p.licenseNumber,
    type: p.type,
    taxId: p.taxId,
    addressLine1: p.addressLine1,
    addressLine2: p.addressLine2,
    city: p.city,
    state: p.state,
    postalCode: p.postalCode,
    contactName: p.contactName,
    contactEmail: p.contactEmail,
    contactPhone: p.contactPhone,
    payorId: p.payorId,
    paymentMethod: p.paymentMethod,
    routingNumber: p.routingNumber ?? '',
    // Only an Administrator gets the full number; others never send the form.
    accountNumber: p.accountNumber ?? '',
    accountType: p.accountType ?? '',
    accountHolder: p.accountHolder ?? '',
    active: p.active,
  };
}

/** The save arguments (unchecked: providerInput checks them). */
export function inputFromForm(f: ProviderForm, existing: ProviderDetail | null): ProviderInput {
  return {
    ...f,
    type: f.type as ProviderType,
    payorId: f.payorId === '' ? 0 : f.payorId,
    accountType: f.accountType === '' ? null : f.accountType,
    accountHolder: f.accountHolder === '' ? null : f.accountHolder,
    ...(existing ? { id: existing.id, expectedVersion: existing.version } : {}),
  };
}

export const ACCOUNT_TYPE_LABELS: Record<AccountType, string> = { checking: 'Checking', savings: 'Savings' };
export const ACCOUNT_HOLDER_LABELS: Record<AccountHolder, string> = {
  business: 'Business (CCD)',
  personal: 'Personal (PPD)',
};
export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = { ach: 'ACH (direct deposit)', check: 'Check' };
